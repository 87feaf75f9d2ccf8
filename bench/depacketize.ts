// Depacketizer throughput on one core: synthetic 1080p-like H.264 traffic (a large IDR and
// P frames, FU-A at MTU 1400, SPS/PPS in a STAP-A before each IDR) pre-built in memory and
// pushed through createDepacketizer, against a baseline that only copies each payload into
// one output buffer. Prints MB/s of payload (best and median of runs) and the ratio.
//
//   npm run bench:depacketize [-- --seconds 1 --runs 7 --framing annex-b]
import { performance } from 'node:perf_hooks';
import { createDepacketizer } from '../src/main/rtsp/codec/index';
import { media, packetize, rtp } from '../src/main/rtsp/codec/testing';
import type { NalFraming, RtpPacket } from '../src/main/rtsp/codec/types';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

const SECONDS = Number(arg('seconds', '1'));
const RUNS = Number(arg('runs', '7'));
const FRAMING = arg('framing', 'length-prefixed') as NalFraming;
const GOP = 30;
const IDR_BYTES = 300_000;
const P_BYTES = 30_000;

/** Pseudo-random slice data without start codes (00 00 0x becomes 00 00 03). */
function sliceNal(header: number, size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  b[0] = header;
  for (let i = 1; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    let v = (x >>> 0) & 0xff;
    if (v === 0 && (x & 0x100) === 0) v = 0x5a; // fewer zeros than uniform, as in CABAC data
    if (v <= 3 && b[i - 1] === 0 && b[i - 2] === 0) v = 3;
    b[i] = v;
  }
  if (b[size - 1] === 0) b[size - 1] = 0x80;
  return b;
}

const SPS = Buffer.from('6764002aac2b401e0089f950', 'hex');
const PPS = Buffer.from('68ee3cb0', 'hex');

function buildStream(): { packets: RtpPacket[]; payloadBytes: number; frames: number } {
  const packets: RtpPacket[] = [];
  let seq = 0;
  let payloadBytes = 0;
  for (let i = 0; i < GOP; i++) {
    const nals =
      i === 0 ? [SPS, PPS, sliceNal(0x65, IDR_BYTES, 7)] : [sliceNal(0x41, P_BYTES + (i % 7) * 1000, i)];
    for (const p of packetize(nals, { mtu: 1400, aggregate: true })) {
      packets.push(rtp(p.payload, { sequence: seq++ & 0xffff, timestamp: i * 3000, marker: p.marker }));
      payloadBytes += p.payload.length;
    }
  }
  return { packets, payloadBytes, frames: GOP };
}

const { packets, payloadBytes, frames } = buildStream();

/** Each GOP pass continues timestamps and sequence numbers, as a live stream would. */
function retime(pass: number): void {
  const base = pass * GOP * 3000;
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i]!;
    p.timestamp = base + Math.floor(p.timestamp % (GOP * 3000));
    p.sequence = (pass * packets.length + i) & 0xffff;
  }
}

function depacketizerRun(seconds: number): number {
  const res = createDepacketizer(media('H264', { fmtp: { 'packetization-mode': '1' } }), 0, {
    nalFraming: FRAMING,
  });
  if (!res.ok) throw new Error(res.reason);
  const d = res.depacketizer;
  let bytes = 0;
  let out = 0;
  let pass = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  let now = t0;
  while (now < until) {
    retime(pass++);
    for (let i = 0; i < packets.length; i++) {
      const e = d.push(packets[i]!);
      if (e) throw e;
      for (let f = d.pull(); f; f = d.pull()) out += f.data.length;
    }
    bytes += payloadBytes;
    now = performance.now();
  }
  if (out < bytes * 0.99) throw new Error(`frames carried ${out} of ${bytes} bytes`);
  return bytes / ((now - t0) / 1000) / 1e6;
}

function baselineRun(seconds: number): number {
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  let bytes = 0;
  let check = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  let now = t0;
  while (now < until) {
    let o = 0;
    for (let i = 0; i < packets.length; i++) {
      const p = packets[i]!;
      p.payload.copy(buf, o);
      o += p.payload.length;
      if (p.marker) {
        check += buf[o - 1]!;
        o = 0;
      }
    }
    bytes += payloadBytes;
    now = performance.now();
  }
  if (check < 0) console.log(check);
  return bytes / ((now - t0) / 1000) / 1e6;
}

function stats(xs: number[]): { best: number; median: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { best: s[s.length - 1]!, median: s[Math.floor(s.length / 2)]! };
}

console.log(
  `H.264 synthetic stream: ${frames} frames/GOP (IDR ${IDR_BYTES} B, P ~${P_BYTES} B), ${packets.length} packets, ` +
    `${(payloadBytes / 1e6).toFixed(2)} MB payload per GOP, MTU 1400, framing ${FRAMING}`,
);
depacketizerRun(1); // warm-up
baselineRun(0.5);
const ours: number[] = [];
const base: number[] = [];
for (let r = 0; r < RUNS; r++) {
  ours.push(depacketizerRun(SECONDS));
  base.push(baselineRun(SECONDS));
}
const o = stats(ours);
const b = stats(base);
const fmt = (x: number) => `${x.toFixed(0).padStart(6)} MB/s`;
console.log(`depacketizer   best ${fmt(o.best)}  median ${fmt(o.median)}`);
console.log(`copy baseline  best ${fmt(b.best)}  median ${fmt(b.median)}`);
console.log(`ratio (median) depacketizer / baseline = ${(o.median / b.median).toFixed(2)}`);
console.log(
  `target >= 1000 MB/s on one core: ${o.median >= 1000 ? 'met' : 'NOT met'} (figures are noisy on a shared machine)`,
);
