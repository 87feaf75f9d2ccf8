// The camera supervisor after an RTCP BYE on every stream (VLC at the end of a file): it
// reconnects at once, without back-off, since the camera asked; against a scripted server.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../shared/cameras';
import { SessionGroup } from '../rtsp/group';
import { FakeClock } from '../rtsp/testing/fake-clock';
import { byePacket, rtpPacket } from '../rtsp/testing/packets';
import { camera, ScriptedServer, until } from '../rtsp/testing/scripted-server';
import { CameraSupervisor } from './supervisor';

let srv: ScriptedServer | undefined;
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

const il = (ch: number, b: Buffer) =>
  Buffer.concat([Buffer.from([0x24, ch, b.length >> 8, b.length & 0xff]), b]);

describe('the camera supervisor after an RTCP BYE', () => {
  it('reconnects at once, without back-off, when the camera ended a session that played', async () => {
    srv = await ScriptedServer.start(camera({ playAfter: [il(0, rtpPacket(1, 0))] }));
    const clock = new FakeClock();
    const states: string[] = [];
    const failures: string[] = [];
    const sup = new CameraSupervisor(
      {
        id: 'cam',
        url: srv.url(),
        username: '',
        password: undefined,
        transport: 'tcp',
        policies: { ...DEFAULT_POLICIES, teardownPolicy: 'never' },
        group: new SessionGroup({ clock }),
        groupId: 'g',
      },
      // A back-off that never ends on this clock: only an immediate reconnect gets a second DESCRIBE.
      {
        clock,
        backoff: { initialMs: 3_600_000, maxMs: 3_600_000, jitter: 0, resetAfterMs: 30_000 },
        random: () => 0,
      },
      { status: (s) => states.push(s.state), failure: (f) => failures.push(f.kind), described: () => true },
    );
    sup.start();
    try {
      await until(() => states.includes('playing'));
      clock.advance(1500);
      srv.conns[0]!.interleaved(1, byePacket(0x1234));
      await until(() => srv!.methods().filter((m) => m === 'DESCRIBE').length === 2);
      expect(failures).toEqual(['ended']);
      expect(states).not.toContain('backing-off');
    } finally {
      await sup.stop();
    }
  });
});
