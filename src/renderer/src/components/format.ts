// Number and time formatting for the console. Pure, so it is unit-tested. Live figures keep
// a fixed number of decimals per unit so a value does not change width every second.

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** A duration for people: "42 s", "5m 03s", "2h 13m", "3d 4h". Negative counts as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < MINUTE) return `${total} s`;
  if (total < HOUR) {
    const m = Math.floor(total / MINUTE);
    return `${m}m ${String(total % MINUTE).padStart(2, '0')}s`;
  }
  if (total < DAY) {
    const h = Math.floor(total / HOUR);
    return `${h}h ${String(Math.floor((total % HOUR) / MINUTE)).padStart(2, '0')}m`;
  }
  const d = Math.floor(total / DAY);
  return `${d}d ${Math.floor((total % DAY) / HOUR)}h`;
}

/** Seconds left until `at`, rounded up (a countdown never shows 0 while time remains). */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** A countdown: "8 s", "4m 10s"; "now" once it is due. */
export function formatCountdown(at: number, now: number): string {
  const s = secondsUntil(at, now);
  return s === 0 ? 'now' : formatDuration(s * 1000);
}

/** A bit rate given in kbit/s: "850 kbit/s", "2.15 Mbit/s", "1.20 Gbit/s". */
export function formatRate(kbps: number | undefined): string {
  if (kbps === undefined || !Number.isFinite(kbps)) return '—';
  const v = Math.max(0, kbps);
  if (v < 1000) return `${v < 10 && v > 0 ? v.toFixed(1) : Math.round(v)} kbit/s`;
  if (v < 1_000_000) return `${fixed(v / 1000)} Mbit/s`;
  return `${fixed(v / 1_000_000)} Gbit/s`;
}

function fixed(v: number): string {
  if (v < 10) return v.toFixed(2);
  if (v < 100) return v.toFixed(1);
  return Math.round(v).toString();
}

/** Bytes in SI units: "512 B", "1.50 KB", "23.4 MB", "1.20 GB". */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  const v = Math.max(0, bytes);
  if (v < 1000) return `${Math.round(v)} B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let scaled = v / 1000;
  let i = 0;
  while (scaled >= 1000 && i < units.length - 1) {
    scaled /= 1000;
    i++;
  }
  return `${fixed(scaled)} ${units[i]}`;
}

/** A whole count with thousands separators: "12,345". */
export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** Frames per second with one decimal: "25.0". */
export function formatFps(fps: number | undefined): string {
  if (fps === undefined || !Number.isFinite(fps)) return '—';
  return Math.max(0, fps).toFixed(1);
}

/** Seconds with one decimal: "2.0 s". */
export function formatSeconds(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '—';
  return `${sec.toFixed(1)} s`;
}

export function formatResolution(width?: number, height?: number): string {
  return width && height ? `${width}×${height}` : '—';
}

const ENCODING_NAMES: Record<string, string> = {
  H264: 'H.264',
  H265: 'H.265',
  HEVC: 'H.265',
  JPEG: 'MJPEG',
  'MPEG4-GENERIC': 'AAC',
  'MP4A-LATM': 'AAC',
  PCMU: 'G.711 µ-law',
  PCMA: 'G.711 A-law',
  G726: 'G.726',
  OPUS: 'Opus',
  L16: 'PCM',
};

/** The codec alone: "H.264", "MJPEG", "AAC". */
export function formatCodecName(stream: { encoding: string } | undefined): string {
  if (!stream) return '—';
  return ENCODING_NAMES[stream.encoding.toUpperCase()] ?? stream.encoding;
}

/** "H.264 High", "MJPEG", "AAC". */
export function formatCodec(stream: { encoding: string; profile?: string } | undefined): string {
  if (!stream) return '—';
  const name = ENCODING_NAMES[stream.encoding.toUpperCase()] ?? stream.encoding;
  return stream.profile ? `${name} ${stream.profile}` : name;
}

/** Time of day, 24-hour: "14:03:27". */
export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB', { hour12: false });
}

/** Date and time: "2024-05-01 14:03". */
export function formatDateTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "1 camera", "3 cameras". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
