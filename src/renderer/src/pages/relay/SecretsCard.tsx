// REST shared secrets: your app server signs time-limited credentials with one; the relay
// checks them with every secret listed here. A new secret is shown once, right here.
import { type FormEvent, useState } from 'react';
import type { TurnSecretView } from '../../../../shared/relay';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { FormAlert, TextField } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';

export function SecretsCard() {
  const secrets = useSynced((s) => s.relay.secrets);
  const [label, setLabel] = useState('');
  const add = useCommand<{ id: string; secret: string }>();
  const [shown, setShown] = useState<{ label: string; secret: string }>();
  const [removing, setRemoving] = useState<TurnSecretView>();
  const newest = [...secrets].sort((a, b) => b.createdAt - a.createdAt)[0];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await add.run(() => api().addTurnSecret({ label }));
    if (res) {
      setShown({ label: label.trim() || 'shared secret', secret: res.secret });
      setLabel('');
    }
  };

  return (
    <section className="card card-body" aria-labelledby="r-secrets" data-testid="turn-secrets">
      <h2 id="r-secrets" className="card-title">
        Shared secrets (REST credentials)
      </h2>
      <p className="muted card-lead">
        Your app server makes a short-lived user name and password for each viewer from a shared secret (the
        TURN REST scheme used by coturn). To rotate: generate a new secret, update your app to sign with it,
        then remove the old one. Credentials are accepted from every secret listed.
      </p>
      {secrets.length ? (
        <ul className="plain-list">
          {[...secrets]
            .sort((a, b) => b.createdAt - a.createdAt)
            .map((s) => (
              <li key={s.id} className="list-row" data-testid={`turn-secret-${s.id}`}>
                <span className="list-main">
                  <strong>{s.label}</strong>
                  {s.id === newest?.id && secrets.length > 1 ? (
                    <span className="badge info tiny">newest</span>
                  ) : null}
                  <span className="subtle"> · added {formatDateTime(s.createdAt)}</span>
                </span>
                <button
                  type="button"
                  className="btn small danger"
                  onClick={() => setRemoving(s)}
                  aria-label={`Remove secret ${s.label}`}
                  data-testid="turn-secret-remove"
                >
                  Remove
                </button>
              </li>
            ))}
        </ul>
      ) : (
        <p className="subtle">No shared secret: time-limited credentials cannot be made yet.</p>
      )}
      <form className="inline-form" onSubmit={submit} noValidate aria-label="Generate a shared secret">
        <TextField
          label="Label"
          value={label}
          onChange={(v) => {
            setLabel(v);
            add.clearField('label');
          }}
          error={add.errors.label}
          placeholder="web app, 2024"
          testId="turn-secret-label"
        />
        <button type="submit" className="btn" disabled={add.pending} data-testid="turn-secret-add">
          Generate secret
        </button>
      </form>
      {add.error && !add.errors.label ? <FormAlert message={add.error.message} /> : null}

      {shown ? (
        <Dialog
          title="Copy the new secret now"
          description={`“${shown.label}” is saved. camrelay shows its value only this once.`}
          onClose={() => setShown(undefined)}
          size="md"
          testId="turn-secret-reveal"
          footer={
            <button type="button" className="btn primary" onClick={() => setShown(undefined)} data-autofocus>
              I have copied it
            </button>
          }
        >
          <div className="secret-box">
            <code className="mono secret-value" data-testid="turn-secret-value">
              {shown.secret}
            </code>
            <CopyButton text={shown.secret} what="the secret" testId="turn-secret-copy" small={false} />
          </div>
          <p className="note">
            Put it in your app server’s configuration (e.g. coturn’s{' '}
            <span className="mono">static-auth-secret</span>). If you lose it, generate a new one and remove
            this one.
          </p>
        </Dialog>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove “${removing.label}”?`}
          confirmLabel="Remove secret"
          testId="turn-secret-remove-confirm"
          action={() => api().removeTurnSecret({ id: removing.id })}
          onDone={(res) => {
            setRemoving(undefined);
            if (res) toast(`Secret “${removing.label}” removed`);
          }}
        >
          <p>
            Credentials signed with it stop working at their next login. Make sure your app already signs with
            a newer secret.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
