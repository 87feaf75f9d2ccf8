import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTREAM, restreamUrl } from '../../../../shared/restream';
import { openListenerWarning, restreamDraftFrom, restreamPatch } from './restream-form';

describe('restream form', () => {
  it('sends only what changed, numbers as typed (junk as NaN for main to name)', () => {
    const d = restreamDraftFrom(DEFAULT_RESTREAM);
    expect(restreamPatch(d, DEFAULT_RESTREAM)).toEqual({});
    expect(restreamPatch({ ...d, port: '9554', graceSec: ' 30 ' }, DEFAULT_RESTREAM)).toEqual({
      port: 9554,
      graceSec: 30,
    });
    expect(restreamPatch({ ...d, graceSec: 'ten' }, DEFAULT_RESTREAM).graceSec).toBeNaN();
  });

  it('warns before saving a network address without a user', () => {
    const d = restreamDraftFrom(DEFAULT_RESTREAM);
    expect(openListenerWarning(d, 0)).toBeUndefined();
    expect(openListenerWarning({ ...d, host: '0.0.0.0' }, 0)).toMatch(/needs a restream user/);
    expect(openListenerWarning({ ...d, host: '0.0.0.0' }, 1)).toBeUndefined();
    expect(openListenerWarning({ ...d, host: '0.0.0.0', enabled: false }, 0)).toBeUndefined();
  });

  it('builds URLs with and without credentials, escaping them', () => {
    const running = { state: 'running' as const, url: 'rtsp://127.0.0.1:8554' };
    expect(restreamUrl(running, 'porch')).toBe('rtsp://127.0.0.1:8554/porch');
    expect(restreamUrl(running, 'porch', { user: 'nvr', password: 'p@ss:w/rd' })).toBe(
      'rtsp://nvr:p%40ss%3Aw%2Frd@127.0.0.1:8554/porch',
    );
    expect(restreamUrl({ state: 'stopped' }, 'porch')).toBeUndefined();
    const secure = { state: 'running' as const, url: 'rtsps://10.0.0.5:8322' };
    expect(restreamUrl(secure, 'porch', { user: 'nvr', password: 'x' })).toBe(
      'rtsps://nvr:x@10.0.0.5:8322/porch',
    );
  });

  it('sends the RTSPS switch only when it changed', () => {
    const d = restreamDraftFrom(DEFAULT_RESTREAM);
    expect(restreamPatch(d, DEFAULT_RESTREAM)).toEqual({});
    expect(restreamPatch({ ...d, tls: true }, DEFAULT_RESTREAM)).toEqual({ tls: true });
  });
});
