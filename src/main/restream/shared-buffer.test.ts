// TCP consumers of one frame share one interleaved buffer, each filling in its own headers:
// a buffer a socket still holds (its write was queued) is never filled again, and every
// consumer's packets carry its own SSRC and gapless sequence numbers.
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FrameFanOut, MediaUnit } from './fan-out';
import { RestreamSession } from './session';

/**
 * A socket that records writes. A drained one copies the bytes at once, as the kernel does
 * (`writes`), and keeps the buffer given (`given`); `queued` writes stay pending
 * (writableLength > 0) and keep the caller's buffer, as Node's queue does.
 */
function fakeSocket(queued: boolean, encrypted = false) {
  const writes: Buffer[] = [];
  const given: Buffer[] = [];
  const socket = {
    destroyed: false,
    encrypted,
    writableLength: 0,
    write(b: Buffer) {
      given.push(b);
      writes.push(queued ? b : Buffer.from(b));
      if (queued) this.writableLength += b.length;
      return true;
    },
  };
  return { socket: socket as unknown as Socket, writes, given };
}

function session(id: string, socket: Socket): RestreamSession {
  const s = new RestreamSession(
    id,
    'cam',
    {} as FrameFanOut,
    undefined,
    '127.0.0.1',
    socket,
    () => {},
    0,
    () => {},
  );
  s.setup(0, { kind: 'tcp', channel: 0 }, 96);
  return s;
}

function unit(n: number, size: number, at: number): MediaUnit {
  return {
    track: 0,
    payloads: Array.from({ length: n }, (_, i) => Buffer.alloc(size, i + 1)),
    timestamp: at * 90,
    receivedAt: at,
    clockRate: 90_000,
    video: true,
  };
}

/** The RTP packets of interleaved bytes: SSRC, sequence, marker, first payload byte. */
function packets(b: Buffer): { ssrc: number; seq: number; marker: boolean; first: number }[] {
  const out = [];
  for (let o = 0; o < b.length; ) {
    expect(b[o]).toBe(0x24);
    const len = b.readUInt16BE(o + 2);
    const rtp = b.subarray(o + 4, o + 4 + len);
    // Channel 1 is RTCP (the sender reports); only RTP packets here.
    if (b[o + 1] === 0)
      out.push({
        ssrc: rtp.readUInt32BE(8),
        seq: rtp.readUInt16BE(2),
        marker: (rtp[1]! & 0x80) !== 0,
        first: rtp[12]!,
      });
    o += 4 + len;
  }
  return out;
}

describe('shared interleaved buffers', () => {
  it('drained sockets share the buffer; a queued one keeps its bytes while others fill a copy', () => {
    const a = fakeSocket(true); // its writes stay queued: it holds the buffer
    const b = fakeSocket(false);
    const c = fakeSocket(false);
    const sa = session('a', a.socket);
    const sb = session('b', b.socket);
    const sc = session('c', c.socket);
    const u = unit(3, 100, 1000);
    sa.deliver(u, true);
    const aBytes = Buffer.from(a.writes[0]!);
    sb.deliver(u, true);
    sc.deliver(u, true);
    // A's buffer was not touched by B and C.
    expect(a.writes[0]!.equals(aBytes)).toBe(true);
    expect(b.given[0]).not.toBe(a.given[0]);
    // B's write completed at once: C filled the same buffer (after B's bytes were sent).
    expect(c.given[0]).toBe(b.given[0]);
    const pa = packets(a.writes[0]!);
    const pc = packets(c.writes[0]!);
    expect(new Set(pa.map((p) => p.ssrc)).size).toBe(1);
    expect(pa[0]!.ssrc).not.toBe(pc[0]!.ssrc);
    expect(pa.map((p) => p.marker)).toEqual([false, false, true]);
    expect(pa.map((p) => p.first)).toEqual([1, 2, 3]);
    expect(pc.map((p) => p.first)).toEqual([1, 2, 3]);
  });

  it('sequence numbers run on without a gap over frames of different sizes', () => {
    const a = fakeSocket(false);
    const b = fakeSocket(false);
    const sa = session('a', a.socket);
    const sb = session('b', b.socket);
    for (let i = 0; i < 20; i++) {
      const u = unit(1 + (i % 4), 50 + i, 1000 + i * 33);
      sa.deliver(u, i === 0);
      if (i % 2 === 0) sb.deliver(u, i === 0);
    }
    for (const writes of [a.writes, b.writes]) {
      const seqs = writes.flatMap((w) => packets(w).map((p) => p.seq));
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe((seqs[i - 1]! + 1) & 0xffff);
    }
  });

  it('a TLS socket gets a buffer of its own', () => {
    const t = fakeSocket(false, true);
    const p = fakeSocket(false);
    const st = session('t', t.socket);
    const sp = session('p', p.socket);
    const u = unit(2, 64, 1000);
    sp.deliver(u, true);
    st.deliver(u, true);
    expect(t.given[0]).not.toBe(p.given[0]);
    expect(packets(t.writes[0]!).map((x) => x.first)).toEqual([1, 2]);
  });
});
