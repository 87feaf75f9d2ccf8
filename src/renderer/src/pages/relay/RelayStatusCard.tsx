// The relay's state in words, where it listens, and Pause / Resume. Pausing closes every
// live allocation, so it asks first when viewers are connected.
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Elapsed } from '../../components/Countdown';
import { FormAlert } from '../../components/Field';
import { plural } from '../../components/format';
import { PauseIcon, PlayIcon } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';

export function RelayStatusCard({ onShowSettings }: { onShowSettings: () => void }) {
  const status = useSynced((s) => s.relay.status);
  const enabled = useSynced((s) => s.relay.settings.enabled);
  const live = useSynced((s) => Object.keys(s.allocations).length);
  const cmd = useCommand<{ paused: boolean }>();
  const [confirming, setConfirming] = useState(false);

  const setPaused = async (paused: boolean) => {
    const res = await cmd.run(() => api().setRelayPaused({ paused }));
    if (res) toast(paused ? 'Relay paused' : 'Relay resumed');
  };
  const pause = () => (live > 0 ? setConfirming(true) : setPaused(true));

  return (
    <section
      className="card relay-status"
      aria-label="Relay status"
      data-testid="relay-status"
      data-state={status.state}
    >
      <div className="relay-status-main">
        {status.state === 'running' ? (
          <>
            <StatusBadge tone="ok">Running</StatusBadge>
            <span className="muted">
              for <Elapsed from={status.since} /> · listening on
            </span>
            <ul className="addr-list" aria-label="Listening on">
              {status.listening.map((a) => (
                <li key={a} className="mono addr">
                  {a}
                </li>
              ))}
            </ul>
          </>
        ) : status.state === 'starting' ? (
          <>
            <StatusBadge tone="info">Starting</StatusBadge>
            <span className="spinner" aria-hidden="true" />
            <span className="muted">Opening the listeners…</span>
          </>
        ) : status.state === 'stopped' ? (
          <>
            <StatusBadge tone="muted">Paused</StatusBadge>
            <span className="muted">No listeners are open; remote viewers cannot connect.</span>
          </>
        ) : (
          <>
            <StatusBadge tone="bad">Error</StatusBadge>
            <span className="bad-text relay-error" data-testid="relay-error">
              {status.message}
            </span>
            {status.field ? (
              <button type="button" className="btn small" onClick={onShowSettings}>
                Check the settings
              </button>
            ) : null}
          </>
        )}
      </div>
      <div className="relay-status-actions">
        {enabled ? (
          <button
            type="button"
            className="btn"
            onClick={pause}
            disabled={cmd.pending}
            data-testid="relay-pause"
          >
            <PauseIcon /> Pause relay
          </button>
        ) : (
          <button
            type="button"
            className="btn primary"
            onClick={() => setPaused(false)}
            disabled={cmd.pending}
            data-testid="relay-resume"
          >
            <PlayIcon /> Resume relay
          </button>
        )}
      </div>
      {cmd.error && !(status.state === 'error' && status.message === cmd.error.message) ? (
        <div className="relay-status-error">
          <FormAlert message={cmd.error.message} />
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Pause the relay?"
          confirmLabel="Pause relay"
          action={() => api().setRelayPaused({ paused: true })}
          onDone={(res) => {
            setConfirming(false);
            if (res) toast('Relay paused');
          }}
        >
          <p>
            {plural(live, 'live allocation')} will be closed: remote viewers lose their video until you resume
            and they reconnect.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
