// Small texts that change with the clock. Only these re-render each second, not the row or
// card around them.

import { useNow } from '../hooks/useNow';
import { formatCountdown, formatDuration } from './format';

/** Time left until `at`: "42 s", "4m 10s", then `done` once due. */
export function Countdown({ at, done = 'now' }: { at: number; done?: string }) {
  const now = useNow();
  const text = at > now ? formatCountdown(at, now) : done;
  return <span className="num">{text}</span>;
}

/** Time since `from`: "2h 13m". */
export function Elapsed({ from }: { from: number }) {
  const now = useNow();
  return <span className="num">{formatDuration(now - from)}</span>;
}
