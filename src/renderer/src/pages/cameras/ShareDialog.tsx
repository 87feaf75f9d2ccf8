// Creates a share link of one camera: a label and a lifetime, then the link to copy. The
// link carries the capability, so it is shown once here and in the camera's share list.
import { useState } from 'react';
import { SHARE_TTL_CHOICES } from '../../../../shared/shares';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { FormAlert, SelectField, TextField } from '../../components/Field';
import { useCommand } from '../../hooks/useCommand';
import { api } from '../../store/api';

type TtlChoice = `${(typeof SHARE_TTL_CHOICES)[number]['seconds']}`;

export function ShareDialog({
  cameraId,
  cameraName,
  onClose,
}: {
  cameraId: string;
  cameraName: string;
  onClose: () => void;
}) {
  const [label, setLabel] = useState(cameraName);
  const [ttl, setTtl] = useState<TtlChoice>('3600');
  const create = useCommand<{ path: string; expiresAt: number }>();
  const link = create.result ? new URL(create.result.path, window.location.origin).href : undefined;
  const submit = () =>
    create.run(() =>
      api().createShare({ cameraId, ttlSeconds: Number(ttl), label: label.trim() || undefined }),
    );
  return (
    <Dialog
      title={`Share ${cameraName}`}
      description="Anyone with the link can watch this camera until it expires or you revoke it."
      onClose={onClose}
      size="sm"
      busy={create.pending}
      testId="share-dialog"
      footer={
        link ? (
          <button type="button" className="btn primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose} disabled={create.pending}>
              Cancel
            </button>
            <button type="button" className="btn primary" onClick={submit} disabled={create.pending}>
              {create.pending ? 'Creating…' : 'Create link'}
            </button>
          </>
        )
      }
    >
      {link ? (
        <div className="field">
          <label htmlFor="share-link">Link</label>
          <div className="share-link-row">
            <input id="share-link" className="input mono" readOnly value={link} data-testid="share-link" />
            <CopyButton text={link} what="the share link" testId="copy-share-link" />
          </div>
        </div>
      ) : (
        <>
          <TextField
            label="Label"
            value={label}
            onChange={setLabel}
            maxLength={80}
            autoFocus
            error={create.errors.label}
            hint="Shown to the viewer and in the share list."
          />
          <SelectField
            label="Lifetime"
            value={ttl}
            onChange={setTtl}
            options={SHARE_TTL_CHOICES.map((c) => ({ value: `${c.seconds}` as TtlChoice, label: c.label }))}
            error={create.errors.ttlSeconds}
          />
          {create.error && !create.error.field ? <FormAlert message={create.error.message} /> : null}
        </>
      )}
    </Dialog>
  );
}
