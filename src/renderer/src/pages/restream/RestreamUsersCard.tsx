// Restream users: a name and password a player or recorder sends (Digest or Basic), each
// allowed every camera or only some. Passwords go to main, are stored encrypted, and are
// never shown again. A camera a user may not watch answers it 404, as if it did not exist.
import { type FormEvent, useState } from 'react';
import type { CameraView } from '../../../../shared/cameras';
import type { RestreamUserView } from '../../../../shared/restream';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormAlert, TextField } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';
import { CameraScope } from './CameraScope';
import { EditRestreamUserDialog } from './EditRestreamUserDialog';

function cameraWords(u: RestreamUserView, cameras: Record<string, CameraView>): string {
  if (!u.cameras) return 'all cameras';
  const names = u.cameras.map((id) => cameras[id]?.name ?? 'a deleted camera');
  return names.length ? names.join(', ') : 'no camera';
}

export function RestreamUsersCard() {
  const users = useSynced((s) => s.restream.users);
  const cameras = useSynced((s) => s.cameras);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [removing, setRemoving] = useState<string>();
  const [editing, setEditing] = useState<RestreamUserView>();
  const add = useCommand<{ name: string }>();
  const noneChosen = scope === 'some' && chosen.size === 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (noneChosen) return;
    const res = await add.run(() =>
      api().addRestreamUser({ name, password, ...(scope === 'some' ? { cameras: [...chosen] } : {}) }),
    );
    if (res) {
      setName('');
      setPassword('');
      setChosen(new Set());
      setScope('all');
      toast(`Restream user “${res.name}” added`);
    }
  };

  return (
    <section className="card card-body" aria-labelledby="rst-users" data-testid="restream-users">
      <h2 id="rst-users" className="card-title">
        Restream users
      </h2>
      <p className="muted card-lead">
        Without any user, anyone who reaches the listener may watch every camera; that is why only 127.0.0.1
        is allowed then. Players send the user with Digest (or Basic) authentication, or in the URL.
      </p>
      {users.length ? (
        <ul className="plain-list">
          {users.map((u) => (
            <li key={u.name} className="list-row" data-testid={`restream-user-${u.name}`}>
              <span className="list-main">
                <strong className="mono">{u.name}</strong>
                <span className="subtle">
                  {' '}
                  · {cameraWords(u, cameras)} · added {formatDateTime(u.createdAt)}
                </span>
              </span>
              <button
                type="button"
                className="btn small"
                onClick={() => setEditing(u)}
                aria-label={`Change restream user ${u.name}`}
                data-testid="restream-user-edit"
              >
                Change…
              </button>
              <button
                type="button"
                className="btn small danger"
                onClick={() => setRemoving(u.name)}
                aria-label={`Remove restream user ${u.name}`}
                data-testid="restream-user-remove"
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="subtle" data-testid="restream-no-users">
          No restream users.
        </p>
      )}
      <form className="stack" onSubmit={submit} noValidate aria-label="Add a restream user">
        <div className="inline-form wrap">
          <TextField
            label="User name"
            value={name}
            onChange={(v) => {
              setName(v);
              add.clearField('name');
            }}
            error={add.errors.name}
            hint="Letters, digits, . _ - (it goes in URLs)."
            testId="restream-user-name"
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
            testId="restream-user-password"
          />
        </div>
        <CameraScope
          value={{ scope, chosen }}
          onChange={(v) => {
            setScope(v.scope);
            setChosen(v.chosen);
            add.clearField('cameras');
          }}
          error={add.errors.cameras}
          idPrefix="restream-user"
        />
        <div>
          <button
            type="submit"
            className="btn"
            disabled={add.pending || noneChosen}
            data-testid="restream-user-add"
          >
            Add user
          </button>
        </div>
      </form>
      {add.error && !add.errors.name && !add.errors.password && !add.errors.cameras ? (
        <FormAlert message={add.error.message} />
      ) : null}

      {editing ? <EditRestreamUserDialog user={editing} onClose={() => setEditing(undefined)} /> : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove restream user ${removing}?`}
          confirmLabel="Remove user"
          testId="restream-user-remove-confirm"
          action={() => api().removeRestreamUser({ name: removing })}
          onDone={(res) => {
            setRemoving(undefined);
            if (res) toast(`Restream user “${removing}” removed`);
          }}
        >
          <p>Players using this name can no longer start watching. Those watching now keep their session.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
