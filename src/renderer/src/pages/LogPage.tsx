import { useDeferredValue, useMemo, useState } from 'react';
import type { LogEntry, LogLevel, LogSource } from '../../../shared/state';
import { sentence } from '../../../shared/words';
import { LogIcon } from '../components/icons';
import { EmptyState, PageHead } from '../components/layout';
import { useSynced } from '../store';
import { api } from '../store/api';
import { collapseRepeats, formatLogTime, subjectName } from './log/log-model';

const LEVELS: (LogLevel | 'all')[] = ['all', 'error', 'warn', 'info'];
const SOURCES: (LogSource | 'all')[] = [
  'all',
  'app',
  'config',
  'camera',
  'group',
  'relay',
  'allocation',
  'restream',
];
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function LogPage() {
  const log = useSynced((s) => s.log);
  const cameras = useSynced((s) => s.cameras);
  const [level, setLevel] = useState<LogLevel | 'all'>('all');
  const [source, setSource] = useState<LogSource | 'all'>('all');
  const [text, setText] = useState('');
  const query = useDeferredValue(text.trim().toLowerCase());
  const [exportError, setExportError] = useState<string>();

  const shown = useMemo(() => {
    const out: LogEntry[] = [];
    for (let i = log.length - 1; i >= 0; i--) {
      const e = log[i]!;
      if (level !== 'all' && RANK[e.level] < RANK[level]) continue;
      if (source !== 'all' && e.source !== source) continue;
      if (
        query &&
        !e.message.toLowerCase().includes(query) &&
        !(subjectName(e, cameras) ?? '').toLowerCase().includes(query)
      )
        continue;
      out.push(e);
    }
    return collapseRepeats(out);
  }, [log, level, source, query, cameras]);

  const exportLog = async () => {
    const res = await api().exportLog({});
    if (!res.ok) {
      setExportError(sentence(res.error.message));
      return;
    }
    setExportError(undefined);
    const url = URL.createObjectURL(new Blob([res.result.jsonl], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `camrelay-log-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="page">
      <PageHead
        title="Log"
        lead="Camera, group and relay events, newest first."
        actions={
          <button type="button" className="btn" onClick={exportLog} data-testid="log-export">
            Export JSON lines
          </button>
        }
      />
      {exportError ? (
        <p className="field-error" role="alert">
          {exportError}
        </p>
      ) : null}
      {log.length === 0 ? (
        <EmptyState icon={<LogIcon size={40} />} title="Nothing logged yet">
          <p>Events appear here as cameras connect and viewers use the relay.</p>
        </EmptyState>
      ) : (
        <div className="card">
          <search className="toolbar" aria-label="Filter the log">
            <label className="field">
              <span>Level</span>
              <select
                className="select"
                value={level}
                onChange={(e) => setLevel(e.currentTarget.value as LogLevel)}
              >
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {l === 'all' ? 'All levels' : `${l} and above`}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Source</span>
              <select
                className="select"
                value={source}
                onChange={(e) => setSource(e.currentTarget.value as LogSource)}
              >
                {SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {s === 'all' ? 'All sources' : s}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Search</span>
              <input
                className="input"
                type="search"
                value={text}
                placeholder="text or camera name"
                onChange={(e) => setText(e.currentTarget.value)}
              />
            </label>
            <span className="spacer" />
            <span className="subtle num" aria-live="polite">
              {shown.length} of {log.length}
            </span>
          </search>
          <div className="log-list" data-testid="log-list">
            {shown.map(({ entry: e, count, firstAt }) => (
              <div className="log-line" key={e.id}>
                <span
                  className="subtle num"
                  title={count > 1 ? `First at ${formatLogTime(firstAt)}` : undefined}
                >
                  {formatLogTime(e.at)}
                </span>
                <span className={`lvl-${e.level}`}>{e.level.toUpperCase()}</span>
                <span className="subtle">{e.source}</span>
                <span className="msg">
                  {e.message}
                  {count > 1 ? (
                    <span className="log-repeat" title={`${count} times since ${formatLogTime(firstAt)}`}>
                      {' '}
                      ×{count}
                    </span>
                  ) : null}
                </span>
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
