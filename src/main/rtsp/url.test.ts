import { describe, expect, it } from 'vitest';
import { RtspError } from './error';
import { groupKey, joinControl, parseBase, parseRtspUrl, redactUrl } from './url';

describe('parseRtspUrl', () => {
  it('splits credentials out of the URL', () => {
    const p = parseRtspUrl('rtsp://ad%40min:p%3Ass@cam.local:8554/live?ch=1');
    if (p instanceof RtspError) throw p;
    expect(p.credentials).toEqual({ username: 'ad@min', password: 'p:ss' });
    expect(p.url.toString()).toBe('rtsp://cam.local:8554/live?ch=1');
    expect(p.port).toBe(8554);
    expect(p.secure).toBe(false);
  });
  it('defaults ports; rtsps is secure', () => {
    const p = parseRtspUrl('rtsps://[::1]/x') as Exclude<ReturnType<typeof parseRtspUrl>, RtspError>;
    expect(p.port).toBe(322);
    expect(p.host).toBe('::1');
    expect(p.secure).toBe(true);
  });
  it('refuses other schemes', () => {
    expect(parseRtspUrl('http://x/')).toBeInstanceOf(RtspError);
    expect(parseRtspUrl('not a url')).toBeInstanceOf(RtspError);
  });
  it('redacts', () => {
    expect(redactUrl('rtsp://u:secret@h/x')).toBe('rtsp://h/x');
  });
});

describe('joinControl (live555/ffmpeg joining)', () => {
  const base = new URL('rtsp://h:554/stream');
  it.each([
    ['trackID=1', 'rtsp://h:554/stream/trackID=1'],
    ['*', 'rtsp://h:554/stream'],
    [undefined, 'rtsp://h:554/stream'],
    ['rtsp://other/abs', 'rtsp://other/abs'],
    ['/root/track', 'rtsp://h:554/root/track'],
  ])('%s', (c, want) => {
    expect(joinControl(base, c)?.toString()).toBe(want);
  });
  it('keeps a query in the base in front of the control (Dahua)', () => {
    const b = new URL('rtsp://h/cam/realmonitor?channel=1&subtype=0/');
    expect(joinControl(b, 'trackID=0')?.toString()).toBe(
      'rtsp://h/cam/realmonitor?channel=1&subtype=0/trackID=0',
    );
  });
  it('base with trailing slash is not doubled', () => {
    expect(joinControl(new URL('rtsp://h/s/'), 'a')?.toString()).toBe('rtsp://h/s/a');
  });
});

describe('parseBase', () => {
  const fallback = new URL('rtsp://10.0.0.1:554/x');
  it('accepts a Content-Base without a scheme (quirk content-base-no-scheme)', () => {
    expect(parseBase('10.0.0.1:554/live/', fallback)?.toString()).toBe('rtsp://10.0.0.1:554/live/');
    expect(parseBase('/live/', fallback)?.toString()).toBe('rtsp://10.0.0.1:554/live/');
    expect(parseBase('rtsp://a/b/', fallback)?.toString()).toBe('rtsp://a/b/');
  });
});

describe('groupKey', () => {
  it('by server or by URL, never with credentials', () => {
    expect(groupKey('rtsp://u:p@cam:8554/a', 'server')).toBe('cam:8554');
    expect(groupKey('rtsp://[::1]/a', 'server')).toBe('[::1]:554');
    expect(groupKey('rtsp://u:p@cam/a?x=1', 'url')).toBe('rtsp://cam/a?x=1');
  });
});
