// The relay's settings, saved with one button. Only changed keys are sent; main validates
// the merged settings and names each bad field (a port in use included), and nothing is
// saved then. Changing listeners restarts the server: the status above shows it.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { RelaySettings } from '../../../../shared/relay';
import { FormAlert, SwitchField, TextField } from '../../components/Field';
import { formMessage } from '../../components/issues';
import { LeaveGuard } from '../../components/LeaveGuard';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';
import { ListenersEditor } from './ListenersEditor';
import { PeerListField } from './PeerListField';
import { type RelayDraft, relayDraftFrom, relayPatch, restartsServer } from './relay-form';

const SHOWN =
  /^(listeners(\.\d+\.(transport|host|port|certFile|keyFile))?|realm|relayAddress|minPort|maxPort|allowLoopbackPeers|allowPrivatePeers|(allow|deny)Peers(\.\d+)?|userQuota|totalQuota|bandwidthKbps|maxLifetimeSec)$/;

export function RelaySettingsForm() {
  const saved = useSynced((s) => s.relay.settings);
  const [draft, setDraft] = useState<RelayDraft>(() => relayDraftFrom(saved));
  const [base, setBase] = useState(saved);
  const cmd = useCommand<RelaySettings>();
  const form = useRef<HTMLFormElement>(null);
  const patch = relayPatch(draft, saved);
  const dirty = Object.keys(patch).length > 0;

  // Saved elsewhere (another window, an import) while this form is untouched: follow it.
  useEffect(() => {
    if (saved === base) return;
    if (Object.keys(relayPatch(draft, base)).length === 0) setDraft(relayDraftFrom(saved));
    setBase(saved);
  }, [saved, base, draft]);

  useEffect(() => {
    if (cmd.error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [cmd.error]);

  const set = <K extends keyof RelayDraft>(key: K, value: RelayDraft[K], field: string = key) => {
    setDraft((d) => ({ ...d, [key]: value }));
    cmd.clearField(field);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const restarts = restartsServer(patch);
    const res = await cmd.run(() => api().updateRelay(patch));
    if (res) {
      setDraft(relayDraftFrom(res));
      toast(
        restarts && res.enabled
          ? 'Relay settings saved; the relay restarts with the new listeners'
          : 'Relay settings saved',
      );
    }
  };

  const e = cmd.errors;
  const message = formMessage(cmd.error, (f) => SHOWN.test(f), cmd.errors);

  return (
    <form className="relay-form" ref={form} onSubmit={submit} noValidate data-testid="relay-settings">
      <LeaveGuard dirty={dirty} here="#/relay/settings" what="Relay settings" />
      {message ? <FormAlert message={message} /> : null}
      <section className="card card-body form-section" aria-labelledby="rs-net">
        <h2 id="rs-net" className="card-title">
          Network
        </h2>
        <ListenersEditor
          listeners={draft.listeners}
          errors={e}
          onChange={(listeners, field) => set('listeners', listeners, field)}
        />
        <p className="field-hint">
          Saving a change to the listeners restarts the relay: live allocations are closed.
        </p>
        <div className="form-grid">
          <TextField
            label="Realm"
            value={draft.realm}
            onChange={(v) => set('realm', v)}
            error={e.realm}
            hint="Sent to clients with every login challenge; usually your domain."
            testId="relay-realm"
          />
          <TextField
            label="Relay address"
            value={draft.relayAddress}
            onChange={(v) => set('relayAddress', v)}
            error={e.relayAddress}
            mono
            placeholder="same as the first listener"
            hint="The public IP announced to clients, when the relay is behind NAT."
            testId="relay-address"
          />
          <TextField
            label="First relay port"
            value={draft.minPort}
            onChange={(v) => set('minPort', v)}
            error={e.minPort}
            inputMode="numeric"
            testId="relay-min-port"
          />
          <TextField
            label="Last relay port"
            value={draft.maxPort}
            onChange={(v) => set('maxPort', v)}
            error={e.maxPort}
            inputMode="numeric"
            hint="Each allocation takes one UDP port from this range."
            testId="relay-max-port"
          />
        </div>
      </section>

      <section className="card card-body form-section" aria-labelledby="rs-peers">
        <h2 id="rs-peers" className="card-title">
          Peers viewers may reach
        </h2>
        <p className="muted card-lead">
          By default the relay refuses loopback, private, link-local and cloud-metadata addresses, so it
          cannot be used to reach your internal network. Allow what your cameras and media servers need.
        </p>
        <div className="stack">
          <SwitchField
            label="Allow loopback peers"
            hint="127.0.0.0/8 and ::1 — only for testing on this machine."
            checked={draft.allowLoopbackPeers}
            onChange={(v) => set('allowLoopbackPeers', v)}
            error={e.allowLoopbackPeers}
            testId="relay-allow-loopback"
          />
          <SwitchField
            label="Allow private peers"
            hint="10/8, 172.16/12, 192.168/16 and fc00::/7 — when the media server is on your LAN."
            checked={draft.allowPrivatePeers}
            onChange={(v) => set('allowPrivatePeers', v)}
            error={e.allowPrivatePeers}
            testId="relay-allow-private"
          />
        </div>
        <div className="form-grid">
          <PeerListField
            label="Always allow"
            name="allowPeers"
            value={draft.allowPeers}
            errors={e}
            onChange={(v) => set('allowPeers', v)}
          />
          <PeerListField
            label="Always deny"
            name="denyPeers"
            value={draft.denyPeers}
            errors={e}
            onChange={(v) => set('denyPeers', v)}
            hint="Deny wins over allow."
          />
        </div>
      </section>

      <section className="card card-body form-section" aria-labelledby="rs-limits">
        <h2 id="rs-limits" className="card-title">
          Limits
        </h2>
        <div className="form-grid four">
          <TextField
            label="Allocations per user"
            value={draft.userQuota}
            onChange={(v) => set('userQuota', v)}
            error={e.userQuota}
            inputMode="numeric"
            hint="0 = no limit"
            testId="relay-user-quota"
          />
          <TextField
            label="Allocations in all"
            value={draft.totalQuota}
            onChange={(v) => set('totalQuota', v)}
            error={e.totalQuota}
            inputMode="numeric"
            hint="0 = no limit"
            testId="relay-total-quota"
          />
          <TextField
            label="Bandwidth per allocation"
            value={draft.bandwidthKbps}
            onChange={(v) => set('bandwidthKbps', v)}
            error={e.bandwidthKbps}
            inputMode="numeric"
            hint="kbit/s each way; 0 = none"
            testId="relay-bandwidth"
          />
          <TextField
            label="Longest lifetime"
            value={draft.maxLifetimeSec}
            onChange={(v) => set('maxLifetimeSec', v)}
            error={e.maxLifetimeSec}
            inputMode="numeric"
            hint="seconds a client may ask for (60–86400)"
            testId="relay-max-lifetime"
          />
        </div>
      </section>

      <div className={`save-bar${dirty ? ' dirty' : ''}`}>
        <span className="muted" aria-live="polite">
          {dirty
            ? restartsServer(patch)
              ? 'Unsaved changes — saving restarts the relay.'
              : 'Unsaved changes.'
            : 'All changes saved.'}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          disabled={!dirty || cmd.pending}
          onClick={() => {
            setDraft(relayDraftFrom(saved));
            cmd.reset();
          }}
        >
          Discard
        </button>
        <button
          type="submit"
          className="btn primary"
          disabled={!dirty || cmd.pending}
          data-testid="relay-save"
        >
          {cmd.pending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
