// The relay's settings, saved with one button. Only changed keys are sent; main validates
// the merged settings and names each bad field (a port in use included), and nothing is
// saved then. Changing listeners restarts the server: the status above shows it.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { RelaySettings } from '../../../../shared/relay';
import { FormAlert } from '../../components/Field';
import { formMessage } from '../../components/issues';
import { LeaveGuard } from '../../components/LeaveGuard';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';
import { ListenersEditor } from './ListenersEditor';
import { RelayFieldControl } from './RelayFieldControl';
import { LIMIT_FIELDS, NETWORK_FIELDS, PEER_LISTS, PEER_SWITCHES, shownInForm } from './relay-fields';
import { type RelayDraft, relayDraftFrom, relayPatch, restartsServer } from './relay-form';

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
  const message = formMessage(cmd.error, shownInForm, cmd.errors);

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
          {NETWORK_FIELDS.map((f) => (
            <RelayFieldControl key={f.name} field={f} draft={draft} errors={e} onChange={set} />
          ))}
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
          {PEER_SWITCHES.map((f) => (
            <RelayFieldControl key={f.name} field={f} draft={draft} errors={e} onChange={set} />
          ))}
        </div>
        <div className="form-grid">
          {PEER_LISTS.map((f) => (
            <RelayFieldControl key={f.name} field={f} draft={draft} errors={e} onChange={set} />
          ))}
        </div>
      </section>

      <section className="card card-body form-section" aria-labelledby="rs-limits">
        <h2 id="rs-limits" className="card-title">
          Limits
        </h2>
        <div className="form-grid four">
          {LIMIT_FIELDS.map((f) => (
            <RelayFieldControl key={f.name} field={f} draft={draft} errors={e} onChange={set} />
          ))}
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
