// The sessions a group still waits for: why each is stale, when it ends at the latest,
// and where its TEARDOWN stands.
import type { StaleSessionView } from '../../../../shared/cameras';
import { Countdown } from '../../components/Countdown';
import { REASON_WORDS, teardownWords } from './group-words';

export function StaleSessions({ sessions }: { sessions: StaleSessionView[] }) {
  return (
    <table className="data compact stale-table">
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">Reason</th>
          <th scope="col" className="num">
            Ends within
          </th>
          <th scope="col">Teardown</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => {
          const reason = REASON_WORDS[s.reason];
          const td = teardownWords(s.teardown);
          return (
            <tr
              key={s.id}
              data-testid="stale-session"
              data-reason={s.reason}
              data-teardown={s.teardown.state}
            >
              <td>
                <span className="mono">{s.sessionId ?? `#${s.id}`}</span>
                {s.url ? (
                  <div className="sub mono" title={s.url}>
                    {s.url}
                  </div>
                ) : null}
              </td>
              <td title={reason.help}>
                {reason.label}
                <div className="sub">{reason.help}</div>
              </td>
              <td className="num">
                <Countdown at={s.expiresAt} done="expired" />
              </td>
              <td className={`teardown tone-${td.tone}`}>
                <span className={`dot ${td.tone === 'muted' ? '' : td.tone}`} aria-hidden="true" /> {td.text}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
