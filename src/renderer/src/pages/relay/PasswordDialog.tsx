// Reset a static TURN user's password.
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { FormAlert, TextField } from '../../components/Field';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { api } from '../../store/api';

export function PasswordDialog({ user, onClose }: { user: string; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const cmd = useCommand<{ name: string }>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await cmd.run(() => api().setTurnUserPassword({ name: user, password }))) {
      toast(`Password of “${user}” reset`);
      onClose();
    }
  };
  return (
    <Dialog
      title={`Reset the password of ${user}`}
      description="Viewers must use the new password from their next login."
      onClose={onClose}
      size="sm"
      busy={cmd.pending}
      testId="turn-password-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="turn-password-form" className="btn primary" disabled={cmd.pending}>
            Set password
          </button>
        </>
      }
    >
      <form id="turn-password-form" onSubmit={submit} noValidate>
        {cmd.error && !cmd.errors.password ? <FormAlert message={cmd.error.message} /> : null}
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
          hint="At least 8 characters."
          testId="turn-new-password"
        />
      </form>
    </Dialog>
  );
}
