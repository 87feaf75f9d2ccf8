// A camera's status in words: a dot and the state with its time ("Playing 2h 13m",
// "Retrying in 8 s"), and why on the second line. Only this cell ticks with the clock.
import { memo } from 'react';
import type { CameraFailure, CameraStatus } from '../../../../shared/cameras';
import { LastKnown } from '../../components/LastKnown';
import { useHostLink } from '../../hooks/useHostLink';
import { useNow } from '../../hooks/useNow';
import { statusWords } from './status-words';

export const CameraStatusCell = memo(function CameraStatusCell({
  status,
  lastFailure,
}: {
  status: CameraStatus;
  lastFailure?: CameraFailure | undefined;
}) {
  const ticking =
    status.state === 'playing' || status.state === 'waiting-stale' || status.state === 'backing-off';
  const link = useHostLink();
  const now = useNow(ticking && link.kind !== 'lost');
  // A lost host's clock stops where it was lost: "Playing 11m" does not keep counting.
  const words = statusWords(status, link.kind === 'lost' ? Math.min(now, link.since) : now);
  const { head, detail: reason } = words;
  const failure =
    status.state === 'backing-off' ? status.failure : status.state === 'connecting' ? lastFailure : undefined;
  return (
    <div className={`status-cell tone-${words.tone}`} title={words.text}>
      <div className="status-head">
        <span className={`dot ${words.tone === 'muted' ? '' : words.tone}`} aria-hidden="true" />
        <span className="num">
          {head}
          <LastKnown />
        </span>
      </div>
      {reason ? (
        <div className="sub reason" title={failure?.message ?? words.text}>
          <span className="visually-hidden"> — </span>
          {reason}
        </div>
      ) : failure ? (
        <div className="sub" title={failure.detail ?? failure.message}>
          Last error: {failure.message}
        </div>
      ) : null}
    </div>
  );
});
