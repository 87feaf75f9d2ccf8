// Makes time-limited credentials here, for a test or a one-off viewer, with a snippet to
// paste into a web page.
import { type FormEvent, useState } from 'react';
import type { TurnCredentials } from '../../../../shared/relay';
import { CopyButton } from '../../components/CopyButton';
import { Countdown } from '../../components/Countdown';
import { FormAlert, SelectField, TextField } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { fieldErrors } from '../../components/issues';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';
import { TTL_CHOICES } from './relay-form';

export function CredentialsGenerator() {
  const secrets = useSynced((s) => s.relay.secrets);
  const [user, setUser] = useState('viewer');
  const [ttl, setTtl] = useState<string>('3600');
  const [secretId, setSecretId] = useState('');
  const cmd = useCommand<TurnCredentials>();
  const sorted = [...secrets].sort((a, b) => b.createdAt - a.createdAt);
  const noSecret = secrets.length === 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await cmd.run(() =>
      api().makeTurnCredentials({ user, ttlSec: Number(ttl), ...(secretId ? { secretId } : {}) }),
    );
  };
  const cred = cmd.result;

  return (
    <section className="card card-body" aria-labelledby="r-gen" data-testid="turn-generator">
      <h2 id="r-gen" className="card-title">
        Time-limited credentials
      </h2>
      <p className="muted card-lead">
        A user name and password valid for a while, signed with a shared secret — what your app server would
        make.
      </p>
      <form className="form-grid three" onSubmit={submit} noValidate>
        <TextField
          label="User"
          value={user}
          onChange={(v) => {
            setUser(v);
            cmd.clearField('user');
          }}
          error={cmd.errors.user}
          testId="turn-gen-user"
        />
        <SelectField
          label="Valid for"
          value={ttl}
          options={TTL_CHOICES}
          onChange={setTtl}
          error={cmd.errors.ttlSec}
          testId="turn-gen-ttl"
        />
        <SelectField
          label="Signed with"
          value={secretId}
          options={[
            { value: '', label: sorted[0] ? `Newest (${sorted[0].label})` : 'Newest secret' },
            ...sorted.map((s) => ({ value: s.id, label: s.label })),
          ]}
          onChange={setSecretId}
          error={cmd.errors.secretId}
          testId="turn-gen-secret"
        />
        <div className="span-all gen-actions">
          <button
            type="submit"
            className="btn primary"
            disabled={cmd.pending || noSecret}
            aria-describedby={noSecret ? 'turn-gen-why' : undefined}
            data-testid="turn-gen-make"
          >
            Generate credentials
          </button>
          {noSecret ? (
            <span className="field-hint" id="turn-gen-why" data-testid="turn-gen-why">
              Add a shared secret first (Shared secrets, below): credentials are signed with one.
            </span>
          ) : null}
        </div>
      </form>
      {/* A field's error is shown at the field only; the alert is for errors that name none. */}
      {cmd.error && Object.keys(fieldErrors(cmd.error)).length === 0 ? (
        <FormAlert message={cmd.error.message} />
      ) : null}
      {cred ? (
        <div className="cred-result" data-testid="turn-credentials" role="status">
          <dl className="facts">
            <dt>User name</dt>
            <dd className="cred-line">
              <code className="mono" data-testid="turn-cred-username">
                {cred.username}
              </code>
              <CopyButton text={cred.username} what="the user name" />
            </dd>
            <dt>Password</dt>
            <dd className="cred-line">
              <code className="mono" data-testid="turn-cred-password">
                {cred.password}
              </code>
              <CopyButton text={cred.password} what="the password" />
            </dd>
            <dt>Expires</dt>
            <dd>
              {formatDateTime(cred.expiresAt)} · in <Countdown at={cred.expiresAt} done="expired" />
            </dd>
            <dt>Relay URLs</dt>
            <dd className="mono">{cred.urls.join('  ')}</dd>
          </dl>
          <div className="snippet">
            <div className="snippet-head">
              <span>Paste into your web page</span>
              <CopyButton text={cred.iceServersSnippet} what="the snippet" testId="turn-snippet-copy" />
            </div>
            <pre className="mono" data-testid="turn-snippet">
              {cred.iceServersSnippet}
            </pre>
          </div>
        </div>
      ) : null}
    </section>
  );
}
