// Static TURN users: long-term credentials for viewers you configure once. Passwords go to
// main and are never shown again; "Reset password" replaces one.
import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormAlert, TextField } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';
import { PasswordDialog } from './PasswordDialog';

export function UsersCard() {
  const users = useSynced((s) => s.relay.users);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const add = useCommand<{ name: string }>();
  const [resetting, setResetting] = useState<string>();
  const [removing, setRemoving] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await add.run(() => api().addTurnUser({ name, password }));
    if (res) {
      setName('');
      setPassword('');
      toast(`User “${res.name}” added`);
    }
  };

  return (
    <section className="card card-body" aria-labelledby="r-users" data-testid="turn-users">
      <h2 id="r-users" className="card-title">
        Static users
      </h2>
      <p className="muted card-lead">
        A user name and password your viewer app keeps. Good for a fixed set of operators; for web apps prefer
        time-limited credentials from a shared secret.
      </p>
      {users.length ? (
        <ul className="plain-list">
          {users.map((u) => (
            <li key={u.name} className="list-row" data-testid={`turn-user-${u.name}`}>
              <span className="list-main">
                <strong className="mono">{u.name}</strong>
                <span className="subtle"> · added {formatDateTime(u.createdAt)}</span>
              </span>
              <button type="button" className="btn small" onClick={() => setResetting(u.name)}>
                Reset password…
              </button>
              <button
                type="button"
                className="btn small danger"
                onClick={() => setRemoving(u.name)}
                aria-label={`Remove user ${u.name}`}
                data-testid="turn-user-remove"
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="subtle">No static users.</p>
      )}
      <form className="inline-form wrap" onSubmit={submit} noValidate aria-label="Add a user">
        <TextField
          label="User name"
          value={name}
          onChange={(v) => {
            setName(v);
            add.clearField('name');
          }}
          error={add.errors.name}
          autoComplete="off"
          testId="turn-user-name"
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={(v) => {
            setPassword(v);
            add.clearField('password');
          }}
          error={add.errors.password}
          autoComplete="new-password"
          hint="At least 8 characters; not shown again."
          testId="turn-user-password"
        />
        <button type="submit" className="btn" disabled={add.pending} data-testid="turn-user-add">
          Add user
        </button>
      </form>
      {add.error && !add.errors.name && !add.errors.password ? (
        <FormAlert message={add.error.message} />
      ) : null}

      {resetting ? <PasswordDialog user={resetting} onClose={() => setResetting(undefined)} /> : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove user ${removing}?`}
          confirmLabel="Remove user"
          testId="turn-user-remove-confirm"
          action={() => api().removeTurnUser({ name: removing })}
          onDone={(res) => {
            setRemoving(undefined);
            if (res) toast(`User “${removing}” removed`);
          }}
        >
          <p>
            Viewers using this name can no longer log in to the relay. Their current allocations run until
            they expire.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
