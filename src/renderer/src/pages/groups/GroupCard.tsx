// One session group: its cameras (linking to them), its stale sessions, and the two
// operator actions: wait for the teardowns in flight, or forget the stale sessions.
import { memo, useState } from 'react';
import type { CameraView, GroupView } from '../../../../shared/cameras';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Countdown } from '../../components/Countdown';
import { plural } from '../../components/format';
import { StatusBadge } from '../../components/StatusBadge';
import { cameraTone, toneClass } from '../../components/status-tone';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { api } from '../../store/api';
import { statusWords } from '../cameras/status-words';
import { KIND_WORDS, teardownResultWords } from './group-words';
import { StaleSessions } from './StaleSessions';

export const GroupCard = memo(function GroupCard({
  group,
  cameras,
  highlighted,
}: {
  group: GroupView;
  cameras: readonly (CameraView | undefined)[];
  highlighted: boolean;
}) {
  const wait = useCommand<{ failures: string[] }>();
  const [forgetting, setForgetting] = useState(false);
  const stale = group.staleCount > 0;
  const failures = group.teardownFailures ?? [];

  return (
    <article
      className={`card group-card${highlighted ? ' highlighted' : ''}`}
      data-testid={`group-${group.id}`}
      data-stale={group.staleCount}
      aria-labelledby={`${group.id}-title`}
      id={`group-${group.id}`}
    >
      <header className="group-head">
        <div className="group-title">
          <h3 id={`${group.id}-title`} className={group.kind === 'named' ? '' : 'mono'}>
            {group.label}
          </h3>
          <span className="badge">{KIND_WORDS[group.kind]}</span>
          {group.live555Bug ? <StatusBadge tone="warn">live555 stale-TCP bug</StatusBadge> : null}
        </div>
        <div className="group-state">
          {group.staleCount > 0 ? (
            <span className="warn-text">
              {plural(group.staleCount, 'stale session')}
              {group.staleUntil ? (
                <>
                  {' '}
                  · all end within <Countdown at={group.staleUntil} done="moments" />
                </>
              ) : null}
            </span>
          ) : (
            <span className="subtle">No stale sessions</span>
          )}
        </div>
      </header>

      <div className="group-cameras">
        <span className="subtle">{plural(group.cameraIds.length, 'camera')}</span>
        <ul className="camera-chips">
          {cameras.map((c, i) =>
            c ? (
              <li key={c.id}>
                <a href={`#/cameras/${encodeURIComponent(c.id)}`} className="camera-chip">
                  <span className={`dot ${toneOf(c)}`} aria-hidden="true" />
                  {c.name}
                  <span className="visually-hidden"> ({statusWords(c.status, Date.now()).badge})</span>
                </a>
              </li>
            ) : (
              <li key={group.cameraIds[i]} className="subtle">
                {group.cameraIds[i]}
              </li>
            ),
          )}
        </ul>
      </div>

      {failures.length ? (
        <div className="form-alert bad" role="alert" data-testid="group-teardown-failures">
          <div className="alert-head">
            <strong>
              {failures.length === 1 ? 'A TEARDOWN failed' : `${failures.length} TEARDOWNs failed`}
            </strong>
            <button
              type="button"
              className="btn small ghost"
              onClick={() => void api().dismissTeardownFailures({ groupId: group.id })}
              data-testid="group-dismiss-failures"
            >
              Dismiss
            </button>
          </div>
          <p>
            The camera may keep playing the session until it times out; camrelay waits for that before
            reconnecting. The log has the details.
          </p>
          <ul>
            {failures.map((f) => (
              <li key={`${f.id}-${f.at}`}>
                <span className="mono">{f.sessionId ?? `#${f.id}`}</span>: {f.error}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {group.sessions.length ? <StaleSessions sessions={group.sessions} /> : null}

      {stale ? (
        <div className="group-actions">
          <button
            type="button"
            className="btn small"
            onClick={() => wait.run(() => api().awaitTeardowns({ groupId: group.id }))}
            disabled={wait.pending}
            data-testid="group-await"
          >
            {wait.pending ? 'Waiting for teardowns…' : 'Wait for teardowns'}
          </button>
          <button
            type="button"
            className="btn small danger"
            onClick={() => setForgetting(true)}
            data-testid="group-forget"
          >
            Forget stale sessions…
          </button>
        </div>
      ) : null}
      {wait.result ? (
        <div
          className={`form-alert ${wait.result.failures.length ? 'bad' : 'ok'}`}
          role="status"
          data-testid="group-await-result"
        >
          {teardownResultWords(wait.result.failures)}
          {wait.result.failures.length ? (
            <ul>
              {wait.result.failures.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {wait.error ? (
        <div className="form-alert bad" role="alert">
          {wait.error.message}
        </div>
      ) : null}

      {forgetting ? (
        <ConfirmDialog
          title="Forget the stale sessions?"
          confirmLabel="Forget and reconnect"
          testId="group-forget-confirm"
          action={() => api().forgetStaleSessions({ groupId: group.id })}
          onDone={(res) => {
            setForgetting(false);
            if (res) toast(`Forgot ${plural(res.forgotten, 'stale session')}; cameras reconnect now`);
          }}
        >
          <p>
            camrelay will stop waiting and reconnect the cameras of <strong>{group.label}</strong> at once.
          </p>
          <p>
            If the camera is in fact still playing these sessions, it may refuse the new connection (too many
            sessions) or count them against its limit until they time out. Do this only when you know they
            ended — for example, after restarting the camera.
          </p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
});

function toneOf(c: CameraView): string {
  return toneClass(cameraTone(c.status));
}
