import { describe, expect, it } from 'vitest';
import { sampleCamera } from './camera-fixtures';
import { draftFrom, draftToInput, draftToProbe, isDirty, numberFromText } from './camera-form';

describe('camera form', () => {
  it('starts a new camera with safe defaults', () => {
    const d = draftFrom();
    expect(d).toMatchObject({ name: '', transport: 'tcp', group: '', enabled: true, password: '' });
    expect(d.policies.frameTimeoutSec).toBe('10');
    expect(isDirty(d)).toBe(false);
  });

  it('keeps a saved password unless one is typed or it is cleared', () => {
    const cam = sampleCamera('c1', { hasPassword: true, username: 'admin' });
    const d = draftFrom(cam);
    expect('password' in draftToInput(d)).toBe(false);
    expect(draftToInput({ ...d, password: 'n3w' }).password).toBe('n3w');
    expect(draftToInput({ ...d, password: 'ignored', clearPassword: true }).password).toBe('');
    expect(isDirty(d, cam)).toBe(false);
    expect(isDirty({ ...d, name: 'x' }, cam)).toBe(true);
  });

  it('sends numbers as typed, junk as NaN for main to refuse', () => {
    expect(numberFromText(' 15 ')).toBe(15);
    expect(numberFromText('')).toBeNaN();
    expect(numberFromText('abc')).toBeNaN();
    const d = draftFrom();
    expect(
      draftToInput({ ...d, policies: { ...d.policies, frameTimeoutSec: '30' } }).policies.frameTimeoutSec,
    ).toBe(30);
  });

  it('probes with the saved password when editing and none is typed', () => {
    const d = { ...draftFrom(), url: 'rtsp://cam/1' };
    expect(draftToProbe(d, 'cam_1')).toMatchObject({ id: 'cam_1', url: 'rtsp://cam/1' });
    expect('password' in draftToProbe(d, 'cam_1')).toBe(false);
    expect(draftToProbe({ ...d, password: 'pw' }).password).toBe('pw');
    expect('id' in draftToProbe(d)).toBe(false);
  });
});
