// Which WebRTC library sends camera video cheaper: node-datachannel (libdatachannel through
// N-API, what camrelay uses) or werift (pure TypeScript, 0.24.x on Node 20). The same harness
// for both, in the same run: a child process reads one 1080p30 4 Mbit/s H.264 camera (the
// GStreamer RTSP server playing a file) with camrelay's RTSP client and sends it to N Chromium
// viewers over direct loopback ICE (no TURN): for node-datachannel through camrelay's own
// WebRtcSender, for werift through a minimal sender built the same way (the camera's access
// units, packetized by camrelay's restream packetizer, written to one track per viewer; NACK
// and sender reports are werift's). CPU per viewer-second is the child's CPU with N viewers
// minus its CPU with none, over the same window. Run: npm run bench:webrtc-libs [-- --viewers 1,4 --seconds 10]
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { startRtspServer } from '../test/peers/rtsp-server';
import { cpuSeconds, ensureFile1080p, FILE_1080P, sleep, until } from './support';

type Lib = 'ndc' | 'werift';
const LIBS: readonly Lib[] = ['ndc', 'werift'];

// ---------- the sender (a child process, one per library and viewer count) ----------

interface Sender {
  /** Answers one viewer's offer. */
  answer(offer: string): Promise<string>;
  onFrame(frame: import('../src/main/rtsp/index').Frame, streams: readonly unknown[]): void;
}

async function ndcSender(): Promise<Sender> {
  const { WebRtcSender, freeUdpPort } = await import('../src/main/webrtc/index');
  const sender = new WebRtcSender({ port: await freeUdpPort('127.0.0.1'), bindAddress: '127.0.0.1' });
  const tap = sender.frameTap('cam');
  return {
    answer: async (offer) => (await sender.open('cam', offer, 'bench')).answer,
    onFrame: (frame, streams) => tap(frame, streams as never),
  };
}

async function weriftSender(profileLevelId: () => string | undefined): Promise<Sender> {
  const w = await import('werift');
  const { packetizeAccessUnit } = await import('../src/main/restream/rtp-packetizer');
  interface View {
    track: InstanceType<typeof w.MediaStreamTrack>;
    started: boolean;
    seq: number;
  }
  const views: View[] = [];
  return {
    async answer(offer) {
      const pc = new w.RTCPeerConnection({
        codecs: {
          video: [
            new w.RTCRtpCodecParameters({
              mimeType: 'video/H264',
              clockRate: 90000,
              rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
              parameters: `profile-level-id=${profileLevelId() ?? '42e01f'};packetization-mode=1;level-asymmetry-allowed=1`,
            }),
          ],
        },
        iceAdditionalHostAddresses: ['127.0.0.1'],
        iceUseIpv6: false,
      });
      const track = new w.MediaStreamTrack({ kind: 'video' });
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      const transceiver = pc.getTransceivers().find((t) => t.kind === 'video');
      if (!transceiver) throw new Error('the offer has no video');
      transceiver.setDirection('sendonly');
      transceiver.sender.replaceTrack(track);
      await pc.setLocalDescription(await pc.createAnswer());
      await until('werift ICE gathering', () => pc.iceGatheringState === 'complete', 5000);
      views.push({ track, started: false, seq: 0 });
      return pc.localDescription!.sdp;
    },
    onFrame(frame) {
      if (frame.kind !== 'video' || views.length === 0) return;
      const payloads = packetizeAccessUnit('h264', frame.data);
      for (const v of views) {
        if (!v.started && !frame.isRandomAccessPoint) continue;
        v.started = true;
        for (let i = 0; i < payloads.length; i++) {
          v.seq = (v.seq + 1) & 0xffff;
          const header = new w.RtpHeader({
            payloadType: 96,
            sequenceNumber: v.seq,
            timestamp: frame.timestamp >>> 0,
            marker: i === payloads.length - 1,
          });
          v.track.writeRtp(new w.RtpPacket(header, payloads[i]!));
        }
      }
    },
  };
}

async function childMain(lib: Lib, cameraUrl: string): Promise<void> {
  const { describe } = await import('../src/main/rtsp/index');
  const { nalUnitsOf } = await import('../src/main/restream/parameter-sets');
  const described = await describe(cameraUrl);
  await described.setup(0, { transport: 'tcp' });
  const playing = await described.play();
  let profile: string | undefined;
  const sender = lib === 'ndc' ? await ndcSender() : await weriftSender(() => profile);
  const viewerPage = `<!doctype html><meta charset=utf-8><video autoplay muted playsinline></video><script type=module>
    const pc = new RTCPeerConnection();
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.ontrack = (e) => { document.querySelector('video').srcObject = new MediaStream([e.track]); };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((r) => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
    const res = await fetch('/offer', { method: 'POST', body: pc.localDescription.sdp });
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    window.benchPc = pc;
  </script>`;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(viewerPage);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      sender.answer(Buffer.concat(chunks).toString()).then(
        (sdp) => res.writeHead(200, { 'content-type': 'application/sdp' }).end(sdp),
        (err: Error) => res.writeHead(400).end(err.message),
      );
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    process.stdout.write(`READY ${typeof a === 'object' && a ? a.port : 0}\n`);
  });
  for await (const frame of playing.frames()) {
    if (frame.kind === 'video' && profile === undefined && frame.isRandomAccessPoint) {
      // profile-level-id: profile_idc, constraint flags, level_idc of the SPS (RFC 6184 8.1)
      const sps = nalUnitsOf(frame.data).find((n) => (n[0]! & 0x1f) === 7);
      if (sps) profile = sps.subarray(1, 4).toString('hex');
    }
    sender.onFrame(frame, playing.streams);
  }
}

// ---------- the parent: camera, Chromium viewers, CPU ----------

declare const window: {
  benchPc?: { getStats(): Promise<Map<string, Record<string, unknown>>> };
};

async function decoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const stats = await window.benchPc?.getStats();
    let n = 0;
    stats?.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') n = Number(s.framesDecoded ?? 0);
    });
    return n;
  });
}

function startChild(lib: Lib, cameraUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', lib, '--camera', cameraUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${lib} sender exited (${code}) before it was ready`)));
  });
}

interface Row {
  lib: Lib;
  n: number;
  /** CPU % of one core per viewer, above the camera-only baseline of the same child. */
  perViewer: number;
  baseline: number;
  fps: number;
}

async function measure(
  lib: Lib,
  n: number,
  cameraUrl: string,
  seconds: number,
  browser: Browser,
): Promise<Row> {
  const { child, port } = await startChild(lib, cameraUrl);
  const pages: Page[] = [];
  try {
    const pid = child.pid!;
    await sleep(1500);
    const b0 = cpuSeconds(pid);
    await sleep(seconds * 1000);
    const baseline = cpuSeconds(pid) - b0;
    for (let i = 0; i < n; i++) pages.push(await browser.newPage());
    await Promise.all(pages.map((p) => p.goto(`http://127.0.0.1:${port}/`)));
    for (const p of pages) await until(`${lib} viewer decoding`, async () => (await decoded(p)) > 0, 30_000);
    await sleep(2000);
    const d0 = await Promise.all(pages.map(decoded));
    const c0 = cpuSeconds(pid);
    await sleep(seconds * 1000);
    const cpu = cpuSeconds(pid) - c0;
    const d1 = await Promise.all(pages.map(decoded));
    const fps = d1.reduce((t, d, i) => t + d - d0[i]!, 0) / n / seconds;
    return {
      lib,
      n,
      perViewer: (Math.max(0, cpu - baseline) / seconds / n) * 100,
      baseline: (baseline / seconds) * 100,
      fps,
    };
  } finally {
    await Promise.all(pages.map((p) => p.close()));
    child.kill('SIGKILL');
  }
}

async function parentMain(counts: number[], seconds: number): Promise<void> {
  ensureFile1080p();
  // Not shared: each sender's camera session plays the file from its start.
  const rtsp = await startRtspServer({ mounts: { '/cam': `file:${FILE_1080P}` } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--allow-loopback-in-peer-connection'],
  });
  try {
    const rows: Row[] = [];
    for (const n of counts) {
      for (const lib of LIBS) {
        process.stderr.write(`${lib}: ${n} viewer(s)...\n`);
        rows.push(await measure(lib, n, rtsp.url('/cam'), seconds, browser));
      }
    }
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    process.stdout.write(`\nWebRTC library benchmark (${new Date().toISOString()})\n`);
    process.stdout.write(
      `  machine: ${cpus().length} cores, load average ${load} at the end; 1080p30 H.264 4 Mbit/s, direct loopback ICE, ${seconds} s windows\n`,
    );
    process.stdout.write(
      '  library          viewers  CPU % of a core per viewer  camera-only %  fps decoded/viewer\n',
    );
    for (const r of rows) {
      process.stdout.write(
        `  ${(r.lib === 'ndc' ? 'node-datachannel' : 'werift').padEnd(16)} ${String(r.n).padStart(7)}  ` +
          `${r.perViewer.toFixed(2).padStart(26)}  ${r.baseline.toFixed(1).padStart(13)}  ${r.fps.toFixed(1).padStart(18)}\n`,
      );
    }
    for (const n of counts) {
      const ndc = rows.find((r) => r.n === n && r.lib === 'ndc')!;
      const wer = rows.find((r) => r.n === n && r.lib === 'werift')!;
      process.stdout.write(
        `  ${n} viewer(s): werift / node-datachannel CPU per viewer ${ndc.perViewer > 0 ? (wer.perViewer / ndc.perViewer).toFixed(2) : '–'}x\n`,
      );
    }
  } finally {
    await browser.close();
    await rtsp.stop();
  }
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    camera: { type: 'string' },
    viewers: { type: 'string', default: '1,4' },
    seconds: { type: 'string', default: '10' },
  },
});
if (values.child) {
  await childMain(values.child as Lib, values.camera!);
} else {
  const counts = values.viewers.split(',').map(Number);
  const seconds = Number(values.seconds);
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) throw new Error('--viewers: 1 to 16 each');
  // the camera file is 40 s long and each child plays it from its start: baseline + window + joins
  if (!(seconds >= 3 && seconds <= 15)) throw new Error('--seconds: 3 to 15');
  await parentMain(counts, seconds);
}
