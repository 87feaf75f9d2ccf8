// Import a configuration file: it replaces everything, so it reads and checks the file first
// (main, with the passphrase, replacing nothing), then asks, naming what the file holds, and
// says what it brought in. A file with passwords needs the passphrase it was exported with.
import { type ChangeEvent, type FormEvent, useState } from 'react';
import type { ImportSummary } from '../../../../shared/commands';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, FormAlert, TextField } from '../../components/Field';
import { formatBytes, plural } from '../../components/format';
import { useCommand } from '../../hooks/useCommand';
import { api } from '../../store/api';
import { exportHasSecrets } from './download';

export function ImportConfig() {
  const [file, setFile] = useState<{ name: string; size: number; text: string }>();
  const [passphrase, setPassphrase] = useState('');
  const [confirming, setConfirming] = useState<ImportSummary>();
  const cmd = useCommand<ImportSummary>();
  const check = useCommand<ImportSummary>();
  // The check's refusal until it is run again, then the import's.
  const shown = check.error ? check : cmd;
  const needsPassphrase = (file && exportHasSecrets(file.text)) || shown.errors.passphrase !== undefined;

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.currentTarget.files?.[0];
    cmd.reset();
    check.reset();
    setFile(f ? { name: f.name, size: f.size, text: await f.text() } : undefined);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    cmd.reset();
    const found = await check.run(() =>
      api().importConfig({ json: file.text, ...(passphrase ? { passphrase } : {}), check: true }),
    );
    if (found) setConfirming(found);
  };

  const summary = cmd.result;
  return (
    <form
      className="card card-body backup-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="s-import"
      data-testid="config-import"
    >
      <h3 id="s-import" className="card-title">
        Import
      </h3>
      <p className="muted card-lead">
        Replaces all cameras, groups, relay settings and credentials with the file’s.
      </p>
      <Field
        label="Configuration file"
        error={shown.errors.json}
        hint={file ? `${file.name} · ${formatBytes(file.size)}` : 'A file saved with Export.'}
      >
        {(a) => (
          <input
            {...a}
            type="file"
            accept=".json,application/json"
            className="file-input"
            onChange={pick}
            data-testid="import-file"
          />
        )}
      </Field>
      {needsPassphrase ? (
        <TextField
          label="Passphrase"
          type="password"
          value={passphrase}
          onChange={(v) => {
            setPassphrase(v);
            cmd.clearField('passphrase');
            check.clearField('passphrase');
          }}
          error={shown.errors.passphrase}
          autoComplete="off"
          hint="This file contains passwords: the passphrase it was exported with."
          testId="import-passphrase"
        />
      ) : null}
      {shown.error && !shown.errors.json && !shown.errors.passphrase ? (
        <FormAlert message={shown.error.message} />
      ) : null}
      {summary ? (
        <div className="form-alert ok" role="status" data-testid="import-summary">
          Imported {plural(summary.cameras, 'camera')}, {plural(summary.groups, 'named group')},{' '}
          {plural(summary.turnUsers, 'TURN user')} and {plural(summary.turnSecrets, 'shared secret')}.{' '}
          {summary.secretsImported
            ? 'Passwords and secrets were imported.'
            : 'Passwords were not in the file: enter them again where needed.'}
        </div>
      ) : null}
      <div>
        <button
          type="submit"
          className="btn"
          disabled={!file || cmd.pending || check.pending}
          data-testid="import-run"
        >
          {check.pending ? 'Reading the file…' : cmd.pending ? 'Importing…' : 'Import…'}
        </button>
      </div>
      {confirming !== undefined && file ? (
        <ConfirmDialog
          title="Replace the configuration?"
          confirmLabel="Import and replace"
          testId="import-confirm"
          action={async () => {
            const res = await cmd.run(() =>
              api().importConfig({ json: file.text, ...(passphrase ? { passphrase } : {}) }),
            );
            // The command's own error shows on the form, next to its field.
            return { ok: true, result: res };
          }}
          onDone={() => setConfirming(undefined)}
        >
          <p data-testid="import-found">
            <strong>{file.name}</strong> holds {plural(confirming.cameras, 'camera')},{' '}
            {plural(confirming.groups, 'named group')}, {plural(confirming.turnUsers, 'TURN user')} and{' '}
            {plural(confirming.turnSecrets, 'shared secret')}.
          </p>
          <p>
            They replace every camera, group, relay setting, TURN user and shared secret here. Export the
            current configuration first if you may want it back.
          </p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
