// The restream listener (on/off, address, port) and the on-demand timings, saved with one
// button. Main validates the merged settings and names each bad field: a taken port, an
// address that is not this machine's, or a network address without a restream user.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { RestreamSettings } from '../../../../shared/restream';
import { Elapsed } from '../../components/Countdown';
import { FormAlert, SwitchField, TextField } from '../../components/Field';
import { formMessage } from '../../components/issues';
import { StatusBadge } from '../../components/StatusBadge';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';
import { openListenerWarning, type RestreamDraft, restreamDraftFrom, restreamPatch } from './restream-form';

const SHOWN = /^(enabled|host|port|graceSec|firstFrameTimeoutSec|tls)$/;

export function RestreamStatus() {
  const status = useSynced((s) => s.restream.status);
  return (
    <section
      className="card relay-status"
      aria-label="Restream status"
      data-testid="restream-status"
      data-state={status.state}
    >
      <div className="relay-status-main" aria-live="polite">
        {status.state === 'running' ? (
          <>
            <StatusBadge tone="ok">Listening</StatusBadge>
            <span className="mono addr" data-testid="restream-listen-url">
              {status.url}/&lt;camera&gt;
            </span>
            {status.override ? <span className="subtle">set with --restream-listen for this run</span> : null}
            {status.tls ? (
              <span className="subtle" data-testid="restream-fingerprint">
                RTSPS, {status.tls.source === 'self-signed' ? 'self-signed ' : ''}certificate SHA-256{' '}
                <span className="mono">{status.tls.fingerprint}</span>
              </span>
            ) : null}
          </>
        ) : status.state === 'stopped' ? (
          <>
            <StatusBadge tone="muted">Off</StatusBadge>
            <span className="muted">Cameras are not restreamed.</span>
          </>
        ) : (
          <>
            <StatusBadge tone="bad">Not listening</StatusBadge>
            <span className="bad-text" data-testid="restream-error">
              {status.message}
            </span>
            <span className="subtle">
              since <Elapsed from={status.at} />
            </span>
          </>
        )}
      </div>
    </section>
  );
}

export function RestreamListenerForm() {
  const saved = useSynced((s) => s.restream.settings);
  const users = useSynced((s) => s.restream.users.length);
  const [draft, setDraft] = useState<RestreamDraft>(() => restreamDraftFrom(saved));
  const [base, setBase] = useState(saved);
  const cmd = useCommand<RestreamSettings>();
  const form = useRef<HTMLFormElement>(null);
  const patch = restreamPatch(draft, saved);
  const dirty = Object.keys(patch).length > 0;

  useEffect(() => {
    if (saved === base) return;
    if (Object.keys(restreamPatch(draft, base)).length === 0) setDraft(restreamDraftFrom(saved));
    setBase(saved);
  }, [saved, base, draft]);

  // A user was added since the refusal of a network address: that refusal no longer holds.
  const { error: cmdError, reset } = cmd;
  useEffect(() => {
    if (users > 0 && cmdError?.field === 'host' && /restream user/.test(cmdError.message)) reset();
  }, [users, cmdError, reset]);

  useEffect(() => {
    if (cmd.error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [cmd.error]);

  const set = <K extends keyof RestreamDraft>(key: K, value: RestreamDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    cmd.clearField(key);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await cmd.run(() => api().updateRestream(patch));
    if (res) {
      setDraft(restreamDraftFrom(res));
      toast('Restream settings saved');
    }
  };

  const e = cmd.errors;
  const message = formMessage(cmd.error, (f) => SHOWN.test(f));
  const warning = openListenerWarning(draft, users);

  return (
    <form className="relay-form" ref={form} onSubmit={submit} noValidate data-testid="restream-settings">
      {message ? <FormAlert message={message} /> : null}
      <section className="card card-body form-section" aria-labelledby="rst-listen">
        <h2 id="rst-listen" className="card-title">
          Listener
        </h2>
        <SwitchField
          label="Restream cameras over RTSP"
          hint="Players and recorders read camrelay instead of the camera; the camera keeps one session."
          checked={draft.enabled}
          onChange={(v) => set('enabled', v)}
          error={e.enabled}
          testId="restream-enabled"
        />
        <div className="form-grid">
          <TextField
            label="Address"
            value={draft.host}
            onChange={(v) => set('host', v)}
            error={e.host ?? warning}
            hint="127.0.0.1: this machine only. 0.0.0.0 or a LAN address: the network (needs a restream user)."
            mono
            testId="restream-host"
          />
          <TextField
            label="Port"
            value={draft.port}
            onChange={(v) => set('port', v)}
            inputMode="numeric"
            error={e.port}
            hint="8554 is the usual RTSP alternative port."
            testId="restream-port"
          />
        </div>
        <SwitchField
          label="Encrypt (RTSPS)"
          hint="Players connect with rtsps:// and nothing else: the stream and the passwords cross the network encrypted. Uses the console's certificate — yours if camrelay was started with --tls-cert, otherwise a self-signed one whose fingerprint players can check."
          checked={draft.tls}
          onChange={(v) => set('tls', v)}
          error={e.tls}
          testId="restream-tls"
        />
      </section>
      <section className="card card-body form-section" aria-labelledby="rst-demand">
        <h2 id="rst-demand" className="card-title">
          On-demand cameras
        </h2>
        <p className="muted card-lead">
          A camera set to “On demand” is connected when its first consumer arrives and closed this long after
          the last one left.
        </p>
        <div className="form-grid">
          <TextField
            label="Grace period (seconds)"
            value={draft.graceSec}
            onChange={(v) => set('graceSec', v)}
            inputMode="numeric"
            error={e.graceSec}
            hint="Default 10 s: a player that reconnects does not make the camera reconnect."
            testId="restream-grace"
          />
          <TextField
            label="First frame timeout (seconds)"
            value={draft.firstFrameTimeoutSec}
            onChange={(v) => set('firstFrameTimeoutSec', v)}
            inputMode="numeric"
            error={e.firstFrameTimeoutSec}
            hint="How long the first player waits for a key frame before it gets “503” with the reason."
            testId="restream-first-frame"
          />
        </div>
      </section>
      <div className={`save-bar${dirty ? ' dirty' : ''}`}>
        <span className="muted" aria-live="polite">
          {dirty
            ? 'enabled' in patch || 'host' in patch || 'port' in patch || 'tls' in patch
              ? 'Unsaved changes — saving restarts the listener: restream clients reconnect.'
              : 'Unsaved changes.'
            : 'All changes saved.'}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          disabled={!dirty || cmd.pending}
          onClick={() => {
            setDraft(restreamDraftFrom(saved));
            cmd.reset();
          }}
        >
          Discard
        </button>
        <button
          type="submit"
          className="btn primary"
          disabled={!dirty || cmd.pending}
          data-testid="restream-save"
        >
          {cmd.pending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
