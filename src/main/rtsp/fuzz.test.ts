// Property: whatever bytes a server sends after PLAY, the session yields items and then ends
// with an RtspError value (or keeps going); nothing throws out of it and nothing hangs.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RtspError } from './error';
import { describe as rtspDescribe } from './session';
import { rtpPacket } from './testing/packets';
import { camera, ScriptedServer } from './testing/scripted-server';

let srv: ScriptedServer;
let next: Buffer[] = [];
beforeAll(async () => {
  srv = await ScriptedServer.start(
    camera({
      override: (req, conn) => {
        if (req.method !== 'PLAY') return undefined;
        const bytes = next;
        setImmediate(() => {
          for (const b of bytes) conn.write(b);
          setTimeout(() => conn.close(), 5);
        });
        return { headers: { Session: '12345678', 'RTP-Info': 'url=x;seq=1;rtptime=0' } };
      },
    }),
  );
});
afterAll(async () => {
  await srv.stop();
});

const il = (ch: number, b: Uint8Array) =>
  Buffer.concat([Buffer.from([0x24, ch, b.length >> 8, b.length & 0xff]), b]);

const chunk = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc
    .record({ ch: fc.integer({ min: 0, max: 3 }), p: fc.uint8Array({ maxLength: 80 }) })
    .map(({ ch, p }) => il(ch, p)),
  fc
    .record({
      seq: fc.integer({ min: 0, max: 0xffff }),
      ts: fc.nat(),
      m: fc.boolean(),
      p: fc.uint8Array({ maxLength: 60 }),
    })
    .map(({ seq, ts, m, p }) => il(0, rtpPacket(seq, ts, { marker: m, payload: Buffer.from(p) }))),
  fc.constant(Buffer.from('\r\n')),
  fc.constant(Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 99\r\n\r\n')),
);

it('property: random bytes after PLAY -> items then an RtspError or the end; never a throw, never a hang', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(chunk, { maxLength: 12 }), async (chunks) => {
      next = chunks;
      const d = await rtspDescribe(srv.url(), { receiverReportIntervalMs: 0 });
      await d.setup(0);
      const p = await d.play({ frameTimeoutMs: 2000 });
      const deadline = Date.now() + 3000;
      let outcome: unknown;
      try {
        for await (const f of p.frames()) {
          expect(f.streamIndex).toBe(0);
          if (Date.now() > deadline) throw new Error('hang');
        }
        outcome = 'done';
      } catch (e) {
        outcome = e;
      }
      p.close();
      expect(outcome === 'done' || outcome instanceof RtspError).toBe(true);
      if (outcome instanceof RtspError) expect(outcome.kind).not.toBe('closed');
    }),
    { numRuns: 40 },
  );
});
