// Add or edit a camera. Main validates; an invalid camera is never saved and the dialog
// stays open with every refused field marked. "Test connection" probes before saving.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { CameraView, ProbeReport } from '../../../../shared/cameras';
import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/Field';
import { formMessage } from '../../components/issues';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { api } from '../../store/api';
import { CameraFields } from './CameraFields';
import { CAMERA_FIELDS, type CameraDraft, draftFrom, draftToInput, draftToProbe } from './camera-form';
import { PolicyFields } from './PolicyFields';
import { ProbePanel } from './ProbePanel';

export function CameraDialog({
  camera,
  note,
  onClose,
}: {
  /** The camera to edit; none to add one. */
  camera?: CameraView;
  /** A line under the title (e.g. after duplicating). */
  note?: string;
  onClose: (savedId?: string) => void;
}) {
  const [draft, setDraft] = useState<CameraDraft>(() => draftFrom(camera));
  const save = useCommand<{ id: string }>();
  const probe = useCommand<ProbeReport>();
  const form = useRef<HTMLFormElement>(null);
  const editing = camera !== undefined;

  const change = (patch: Partial<CameraDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    for (const key of Object.keys(patch)) {
      const field = key === 'clearPassword' ? 'password' : key;
      save.clearField(field);
      probe.clearField(field);
    }
  };
  const changePolicies = (patch: Partial<CameraDraft['policies']>) => {
    setDraft((d) => ({ ...d, policies: { ...d.policies, ...patch } }));
    for (const key of Object.keys(patch)) {
      save.clearField(`policies.${key}`);
      probe.clearField(`policies.${key}`);
    }
  };

  // After a refused save, move focus to the first marked field.
  useEffect(() => {
    if (!save.error) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = draftToInput(draft);
    const result = await save.run(() =>
      editing ? api().updateCamera({ id: camera.id, ...input }) : api().addCamera(input),
    );
    if (result) {
      toast(editing ? `Camera “${draft.name.trim()}” saved` : `Camera “${draft.name.trim()}” added`);
      onClose(result.id);
    }
  };

  const test = () => probe.run(() => api().testCamera(draftToProbe(draft, camera?.id)));
  // A refused probe names fields too (a bad URL): they are marked like a refused save.
  const errors = { ...probe.errors, ...save.errors };
  const message = formMessage(save.error, (f) => CAMERA_FIELDS.has(f), save.errors);

  return (
    <Dialog
      title={editing ? `Edit ${camera.name}` : 'Add a camera'}
      description={
        note ??
        (editing
          ? 'Changes apply when you save.'
          : 'Its RTSP address and credentials. Test the connection before saving.')
      }
      onClose={() => onClose()}
      size="lg"
      busy={save.pending}
      testId="camera-dialog"
      footer={
        <>
          <button
            type="button"
            className="btn"
            onClick={test}
            disabled={probe.pending}
            data-testid="camera-test"
          >
            {probe.pending ? 'Testing…' : 'Test connection'}
          </button>
          <span className="spacer" />
          <button type="button" className="btn" onClick={() => onClose()} disabled={save.pending}>
            Cancel
          </button>
          <button
            type="submit"
            form="camera-form"
            className="btn primary"
            disabled={save.pending}
            data-testid="camera-save"
          >
            {save.pending ? 'Saving…' : editing ? 'Save changes' : 'Add camera'}
          </button>
        </>
      }
    >
      <form id="camera-form" ref={form} onSubmit={submit} noValidate>
        {message ? <FormAlert message={message} /> : null}
        <CameraFields
          draft={draft}
          hasPassword={camera?.hasPassword ?? false}
          errors={errors}
          onChange={change}
        />
        <PolicyFields policies={draft.policies} errors={errors} onChange={changePolicies} />
        <ProbePanel
          pending={probe.pending}
          report={probe.result}
          error={probe.error}
          withCredentials={draft.username !== '' || draft.password !== '' || (camera?.hasPassword ?? false)}
        />
      </form>
    </Dialog>
  );
}
