import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../shared/state';
import { collapseRepeats, formatLogTime, subjectName } from './log-model';

const entry = (id: number, message: string, over: Partial<LogEntry> = {}): LogEntry => ({
  id,
  at: id * 1000,
  level: 'warn',
  source: 'camera',
  subject: 'cam_1',
  message,
  ...over,
});

describe('the log model', () => {
  it('collapses a run of retry lines that differ only in their numbers, newest first', () => {
    const newestFirst = [
      entry(14, '"Gate": camera unreachable. Retry 12 in 30 s.'),
      ...Array.from({ length: 11 }, (_, i) =>
        entry(13 - i, `"Gate": camera unreachable. Retry ${11 - i} in ${2 ** i} s.`),
      ),
      entry(2, '"Gate" playing', { level: 'info' }),
    ];
    const rows = collapseRepeats(newestFirst);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.count).toBe(12);
    expect(rows[0]!.entry.id).toBe(14);
    expect(rows[0]!.firstAt).toBe(3000);
    expect(rows[1]!.count).toBe(1);
  });

  it('keeps lines about different cameras or at different levels apart', () => {
    const rows = collapseRepeats([
      entry(3, 'x failed', { subject: 'cam_2' }),
      entry(2, 'x failed'),
      entry(1, 'x failed', { level: 'error' }),
    ]);
    expect(rows.map((r) => r.count)).toEqual([1, 1, 1]);
  });

  it('writes the date with the time', () => {
    expect(formatLogTime(new Date(2026, 11, 2, 9, 5, 7).getTime())).toBe('2026-12-02 09:05:07');
  });

  it('names the camera an entry is about', () => {
    expect(subjectName(entry(1, 'm'), { cam_1: { name: 'Gate' } })).toBe('Gate');
    expect(subjectName(entry(1, 'm', { subject: 'group:x' }), {})).toBe('group:x');
    expect(subjectName(entry(1, 'm', { subject: undefined }), {})).toBeUndefined();
  });
});
