// What the Log page shows of the entries: repeated lines collapsed into one with a count,
// times with their date, and the camera's name where the entry only carries its id.
import type { LogEntry } from '../../../../shared/state';

export interface LogRow {
  /** The newest entry of the run. */
  entry: LogEntry;
  /** How many consecutive entries said the same thing (1 = not collapsed). */
  count: number;
  /** When the run began (the oldest entry's time). */
  firstAt: number;
}

/** Same line: the same level, source and subject, and the same words once numbers are ignored
 * ("Retry 3 in 8 s" and "Retry 4 in 16 s" are one line repeated). */
function lineKey(e: LogEntry): string {
  return `${e.level}\u0000${e.source}\u0000${e.subject ?? ''}\u0000${e.message.replace(/\d+(\.\d+)?/g, '#')}`;
}

/** Newest-first entries -> rows, each run of the same line collapsed into its newest entry. */
export function collapseRepeats(newestFirst: readonly LogEntry[]): LogRow[] {
  const rows: LogRow[] = [];
  let lastKey = '';
  for (const entry of newestFirst) {
    const key = lineKey(entry);
    const last = rows[rows.length - 1];
    if (last && key === lastKey) {
      last.count += 1;
      last.firstAt = entry.at;
      continue;
    }
    rows.push({ entry, count: 1, firstAt: entry.at });
    lastKey = key;
  }
  return rows;
}

/** Local date and time to the second: "2026-12-02 15:53:12". */
export function formatLogTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The camera's name for an entry about a camera, else the subject as it is. */
export function subjectName(
  e: LogEntry,
  cameras: Readonly<Record<string, { name: string }>> | undefined,
): string | undefined {
  if (e.subject === undefined) return undefined;
  return cameras?.[e.subject]?.name ?? e.subject;
}
