import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCodec,
  formatCodecName,
  formatCount,
  formatCountdown,
  formatDuration,
  formatFps,
  formatRate,
  formatResolution,
  formatSeconds,
  plural,
  secondsUntil,
} from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-5000, '0 s'],
    [999, '0 s'],
    [42_000, '42 s'],
    [59_999, '59 s'],
    [60_000, '1m 00s'],
    [5 * 60_000 + 3000, '5m 03s'],
    [2 * 3_600_000 + 13 * 60_000 + 59_000, '2h 13m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 4h'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('countdowns', () => {
  it('rounds up so a countdown never shows 0 while time remains', () => {
    expect(secondsUntil(1001, 1000)).toBe(1);
    expect(secondsUntil(9000, 1000)).toBe(8);
    expect(secondsUntil(500, 1000)).toBe(0);
    expect(formatCountdown(9000, 1000)).toBe('8 s');
    expect(formatCountdown(1000, 1000)).toBe('now');
  });
});

describe('formatRate', () => {
  it.each([
    [undefined, '—'],
    [Number.NaN, '—'],
    [0, '0 kbit/s'],
    [4.26, '4.3 kbit/s'],
    [850.4, '850 kbit/s'],
    [999.4, '999 kbit/s'],
    [1000, '1.00 Mbit/s'],
    [2150, '2.15 Mbit/s'],
    [12_340, '12.3 Mbit/s'],
    [512_000, '512 Mbit/s'],
    [1_200_000, '1.20 Gbit/s'],
    [-3, '0 kbit/s'],
  ])('%s kbit/s -> %s', (kbps, text) => {
    expect(formatRate(kbps)).toBe(text);
  });

  it('keeps the width of a value steady within a unit', () => {
    expect(formatRate(2000).length).toBe(formatRate(2999).length);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1500, '1.50 KB'],
    [23_400_000, '23.4 MB'],
    [1_200_000_000, '1.20 GB'],
    [5e15, '5.00 PB'],
    [undefined, '—'],
  ])('%s -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('small formats', () => {
  it('formats counts, fps, seconds, resolution and plurals', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatFps(25)).toBe('25.0');
    expect(formatFps(undefined)).toBe('—');
    expect(formatSeconds(2)).toBe('2.0 s');
    expect(formatResolution(1920, 1080)).toBe('1920×1080');
    expect(formatResolution(undefined, 1080)).toBe('—');
    expect(plural(1, 'camera')).toBe('1 camera');
    expect(plural(3, 'camera')).toBe('3 cameras');
  });

  it('names codecs the way operators know them', () => {
    expect(formatCodec({ encoding: 'H264', profile: 'High' })).toBe('H.264 High');
    expect(formatCodec({ encoding: 'h265' })).toBe('H.265');
    expect(formatCodec({ encoding: 'JPEG' })).toBe('MJPEG');
    expect(formatCodec({ encoding: 'PCMU' })).toBe('G.711 µ-law');
    expect(formatCodec({ encoding: 'VP8' })).toBe('VP8');
    expect(formatCodec(undefined)).toBe('—');
    expect(formatCodecName({ encoding: 'H264' })).toBe('H.264');
    expect(formatCodecName({ encoding: 'mystery' })).toBe('mystery');
  });
});
