// Helpers the benchmarks share: CPU time from /proc, the cached 720p30 test file, waiting.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** 150 s of 720p30 H.264 at 2 Mbit/s, no B-frames, a key frame every second. */
export const FILE_720P = join(here, '.cache', '720p30-h264-2M-150s-nobf.mp4');
/** 45 s of 1080p30 H.264 at 4 Mbit/s, no B-frames (like a camera; WebRTC sends none), a key frame every second. */
export const FILE_1080P = join(here, '.cache', '1080p30-h264-4M-45s-nobf.mp4');
const TICK = 100; // Linux USER_HZ

export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0; // the process ended
  }
}

/** CPU of the process and every descendant, but the subtrees of `exclude`. */
export function treeCpuSeconds(root: number, exclude: ReadonlySet<number>): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (exclude.has(pid)) continue;
    if (pid !== root) total += cpuSeconds(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Busy CPU-seconds of the whole machine (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return (f.reduce((a, b) => a + b, 0) - idle) / TICK;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function ensureFile(): void {
  if (existsSync(FILE_720P)) return;
  mkdirSync(dirname(FILE_720P), { recursive: true });
  process.stderr.write(
    'making the 720p30 2 Mbit/s test file with ffmpeg (once, cached in bench/.cache)...\n',
  );
  // Like a camera: no B-frames, a key frame every second.
  execFileSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30'],
      ...['-t', '150', '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '0'],
      ...['-b:v', '2M', '-maxrate', '2M', '-bufsize', '4M', '-g', '30', '-pix_fmt', 'yuv420p'],
      ...['-movflags', '+faststart', FILE_720P],
    ],
    { stdio: 'inherit' },
  );
}

export function ensureFile1080p(): void {
  if (existsSync(FILE_1080P)) return;
  mkdirSync(dirname(FILE_1080P), { recursive: true });
  process.stderr.write(
    'making the 1080p30 4 Mbit/s test file with ffmpeg (once, cached in bench/.cache)...\n',
  );
  execFileSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30'],
      ...['-t', '45', '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '0'],
      ...['-b:v', '4M', '-maxrate', '4M', '-bufsize', '8M', '-g', '30', '-pix_fmt', 'yuv420p'],
      ...['-movflags', '+faststart', FILE_1080P],
    ],
    { stdio: 'inherit' },
  );
}

export async function until(what: string, fn: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(200);
  }
}
