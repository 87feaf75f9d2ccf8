import { useCallback, useMemo, useRef, useState } from 'react';
import type { CameraView } from '../../../shared/cameras';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CameraIcon, PlusIcon } from '../components/icons';
import { EmptyState, PageHead } from '../components/layout';
import { toast } from '../components/toast';
import { useHashPath } from '../hooks/useHashPath';
import { useSynced } from '../store';
import { api } from '../store/api';
import { CameraDetail } from './cameras/CameraDetail';
import { CameraDialog } from './cameras/CameraDialog';
import type { CameraActions } from './cameras/CameraRow';
import { CameraTable } from './cameras/CameraTable';
import { cameraSummary } from './cameras/table-model';

type Editor = { mode: 'add' } | { mode: 'edit'; id: string; note?: string };

export function CamerasPage() {
  const cameras = useSynced((s) => s.cameras);
  const summary = cameraSummary(cameras);
  const [[detailId], setPath] = useHashPath('cameras');
  const [editor, setEditor] = useState<Editor>();
  const [deleting, setDeleting] = useState<CameraView>();
  // Switches flipped whose answer has not come back yet: shown at once, as asked.
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const camerasRef = useRef(cameras);
  camerasRef.current = cameras;

  const setEnabled = useCallback(async (id: string, enabled: boolean) => {
    setPending((p) => new Map(p).set(id, enabled));
    const res = await api().setCameraEnabled({ id, enabled });
    setPending((p) => {
      const next = new Map(p);
      next.delete(id);
      return next;
    });
    if (!res.ok) toast(`Could not ${enabled ? 'enable' : 'disable'} the camera: ${res.error.message}`, 'bad');
  }, []);

  // One stable object: rows are memoized and must not re-render because of new callbacks.
  const actions = useMemo<CameraActions>(
    () => ({
      open: (id) => setPath([id]),
      edit: (id) => setEditor({ mode: 'edit', id }),
      duplicate: async (id) => {
        const res = await api().duplicateCamera({ id });
        if (!res.ok) {
          toast(`Could not duplicate the camera: ${res.error.message}`, 'bad');
          return;
        }
        setEditor({
          mode: 'edit',
          id: res.result.id,
          note: 'A disabled copy was saved. Change what differs (name, address), then enable it.',
        });
      },
      remove: (id) => setDeleting(camerasRef.current[id]),
      setEnabled,
      retry: async (id) => {
        const name = camerasRef.current[id]?.name ?? id;
        const res = await api().retryCamera({ id });
        if (!res.ok) toast(`Could not retry "${name}": ${res.error.message}`, 'bad');
        else toast(res.result.retrying ? `Retrying "${name}" now` : `"${name}" is already connecting`);
      },
    }),
    [setPath, setEnabled],
  );

  const detail = detailId ? cameras[detailId] : undefined;
  const edited = editor?.mode === 'edit' ? cameras[editor.id] : undefined;

  return (
    <div className="page fill">
      <PageHead
        title="Cameras"
        lead={
          summary.total ? (
            <span className="num" data-testid="camera-summary">
              {summary.byFilter.playing} of {summary.total} playing
              {summary.byFilter.problem ? ` · ${summary.byFilter.problem} retrying` : ''}
              {summary.byFilter.waiting ? ` · ${summary.byFilter.waiting} waiting for stale sessions` : ''}
            </span>
          ) : (
            'Every camera camrelay keeps connected, live.'
          )
        }
        actions={
          <button
            type="button"
            className="btn primary"
            onClick={() => setEditor({ mode: 'add' })}
            data-testid="camera-add"
          >
            <PlusIcon /> Add camera
          </button>
        }
      />
      {summary.total === 0 ? (
        <EmptyState
          icon={<CameraIcon size={40} />}
          title="No cameras yet"
          action={
            <button type="button" className="btn primary" onClick={() => setEditor({ mode: 'add' })}>
              <PlusIcon /> Add your first camera
            </button>
          }
        >
          <ol>
            <li>Find the camera’s RTSP address in its manual or web page (rtsp://host:554/path).</li>
            <li>Add it here with its user name and password, and test the connection.</li>
            <li>camrelay keeps it playing and shows its live figures on this page.</li>
          </ol>
        </EmptyState>
      ) : (
        <CameraTable cameras={cameras} summary={summary} actions={actions} pending={pending} />
      )}

      {detail ? (
        <CameraDetail
          camera={detail}
          actions={actions}
          pending={pending.get(detail.id)}
          onClose={() => setPath([])}
        />
      ) : null}
      {editor?.mode === 'add' ? <CameraDialog onClose={() => setEditor(undefined)} /> : null}
      {editor?.mode === 'edit' && edited ? (
        <CameraDialog
          key={edited.id}
          camera={edited}
          note={editor.note}
          onClose={() => setEditor(undefined)}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete camera"
          testId="camera-delete-confirm"
          action={() => api().deleteCamera({ id: deleting.id })}
          onDone={(result) => {
            setDeleting(undefined);
            if (result) {
              toast(`Camera “${deleting.name}” deleted`);
              if (detailId === deleting.id) setPath([]);
            }
          }}
        >
          <p>
            camrelay disconnects it and forgets its address and saved password. This cannot be undone; export
            your configuration first if you may want it back.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
