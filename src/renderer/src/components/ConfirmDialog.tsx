// "Are you sure?" for destructive actions. The cancel button has focus first, so Enter on
// an accidental open does nothing harmful. The action runs here; its error stays in view.
import { type ReactNode, useState } from 'react';
import type { CommandResponse } from '../../../shared/errors';
import { sentence } from '../../../shared/words';
import { Dialog } from './Dialog';
import { FormAlert } from './Field';

export function ConfirmDialog<T>(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Runs on confirm; the dialog closes on success and shows the error otherwise. */
  action: () => Promise<CommandResponse<T>>;
  onDone: (result: T | undefined) => void;
  danger?: boolean;
  testId?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const confirm = async () => {
    setBusy(true);
    const res = await props.action();
    setBusy(false);
    if (res.ok) props.onDone(res.result);
    else setError(sentence(res.error.message));
  };
  return (
    <Dialog
      title={props.title}
      onClose={() => props.onDone(undefined)}
      size="sm"
      alert
      busy={busy}
      testId={props.testId ?? 'confirm-dialog'}
      footer={
        <>
          <button
            type="button"
            className="btn"
            data-autofocus
            onClick={() => props.onDone(undefined)}
            disabled={busy}
          >
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${props.danger === false ? 'primary' : 'danger-solid'}`}
            onClick={confirm}
            disabled={busy}
            aria-busy={busy}
          >
            {busy ? 'Working…' : props.confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-text">{props.children}</div>
      {error ? <FormAlert message={error} /> : null}
    </Dialog>
  );
}
