// Change a restream user: a new password (left empty: kept) and the cameras it may watch.
import { type FormEvent, useState } from 'react';
import type { RestreamUserView } from '../../../../shared/restream';
import { Dialog } from '../../components/Dialog';
import { FormAlert, TextField } from '../../components/Field';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { api } from '../../store/api';
import { CameraScope, type ScopeValue, scopeIncomplete } from './CameraScope';

export function EditRestreamUserDialog({ user, onClose }: { user: RestreamUserView; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [scope, setScope] = useState<ScopeValue>({
    scope: user.cameras ? 'some' : 'all',
    chosen: new Set(user.cameras ?? []),
  });
  const cmd = useCommand<{ name: string }>();
  const incomplete = scopeIncomplete(scope);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (incomplete) return;
    const res = await cmd.run(() =>
      api().updateRestreamUser({
        name: user.name,
        ...(password ? { password } : {}),
        cameras: scope.scope === 'all' ? null : [...scope.chosen],
      }),
    );
    if (res) {
      toast(`Restream user “${user.name}” changed`);
      onClose();
    }
  };
  return (
    <Dialog
      title={`Change restream user ${user.name}`}
      description="Players watching now keep their session; the change applies to their next connection."
      onClose={onClose}
      size="sm"
      busy={cmd.pending}
      testId="restream-user-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="restream-user-form"
            className="btn primary"
            disabled={cmd.pending || incomplete}
            data-testid="restream-user-save"
          >
            Save
          </button>
        </>
      }
    >
      <form id="restream-user-form" className="stack" onSubmit={submit} noValidate>
        {cmd.error && !cmd.errors.password && !cmd.errors.cameras ? (
          <FormAlert message={cmd.error.message} />
        ) : null}
        <TextField
          label="New password"
          type="password"
          value={password}
          onChange={(v) => {
            setPassword(v);
            cmd.clearField('password');
          }}
          error={cmd.errors.password}
          autoComplete="new-password"
          autoFocus
          hint="Leave empty to keep the current one. At least 8 characters."
          testId="restream-user-new-password"
        />
        <CameraScope
          value={scope}
          onChange={(v) => {
            setScope(v);
            cmd.clearField('cameras');
          }}
          error={cmd.errors.cameras}
          idPrefix="restream-edit"
        />
      </form>
    </Dialog>
  );
}
