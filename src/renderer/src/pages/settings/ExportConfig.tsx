// Export the whole configuration as a JSON file. Passwords and secrets are left out unless
// asked for, and then travel encrypted with a passphrase (main checks its length).
import { type FormEvent, useState } from 'react';
import { FormAlert, TextField } from '../../components/Field';
import { useCommand } from '../../hooks/useCommand';
import { api } from '../../store/api';
import { downloadText } from './download';

export function ExportConfig() {
  const [includeSecrets, setInclude] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const cmd = useCommand<{ json: string; filename: string }>();
  const [done, setDone] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    // A typo check only the form can make; the passphrase itself is checked by main.
    if (includeSecrets && passphrase !== repeat) {
      setMismatch(true);
      return;
    }
    const res = await cmd.run(() =>
      api().exportConfig({ includeSecrets, ...(includeSecrets ? { passphrase } : {}) }),
    );
    if (!res) return;
    downloadText(res.json, res.filename);
    setDone(
      `Saved ${res.filename}${includeSecrets ? ', with passwords encrypted by your passphrase' : ', without passwords'}.`,
    );
  };

  return (
    <form
      className="card card-body backup-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="s-export"
      data-testid="config-export"
    >
      <h3 id="s-export" className="card-title">
        Export
      </h3>
      <p className="muted card-lead">
        Cameras, groups, relay settings, TURN users and preferences, as one JSON file.
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={includeSecrets}
          onChange={(e) => {
            setInclude(e.currentTarget.checked);
            cmd.reset();
          }}
          data-testid="export-include-secrets"
        />
        Include passwords and secrets
      </label>
      {includeSecrets ? (
        <div className="form-grid">
          <TextField
            label="Passphrase"
            type="password"
            value={passphrase}
            onChange={(v) => {
              setPassphrase(v);
              setMismatch(false);
              cmd.clearField('passphrase');
            }}
            error={cmd.errors.passphrase}
            autoComplete="new-password"
            hint="At least 8 characters. Needed to import the passwords; camrelay cannot recover it."
            testId="export-passphrase"
          />
          <TextField
            label="Repeat passphrase"
            type="password"
            value={repeat}
            onChange={(v) => {
              setRepeat(v);
              setMismatch(false);
            }}
            error={mismatch ? 'the two passphrases differ' : undefined}
            autoComplete="new-password"
            testId="export-passphrase-repeat"
          />
        </div>
      ) : null}
      {cmd.error && !cmd.errors.passphrase ? <FormAlert message={cmd.error.message} /> : null}
      {done ? <FormAlert tone="ok" message={done} /> : null}
      <div>
        <button type="submit" className="btn" disabled={cmd.pending} data-testid="export-run">
          {cmd.pending ? 'Exporting…' : 'Export configuration'}
        </button>
      </div>
    </form>
  );
}
