// A camera's share links in its detail panel: a Share button (headless console only, where
// an HTTP server can serve the viewer page), and the live shares with viewers and Revoke.
import { useState } from 'react';
import type { ShareView } from '../../../../shared/shares';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { Countdown } from '../../components/Countdown';
import { useSynced } from '../../store';
import { api } from '../../store/api';
import { ShareDialog } from './ShareDialog';

export function CameraShares({ cameraId, cameraName }: { cameraId: string; cameraName: string }) {
  const availability = useSynced((s) => s.sharing.availability);
  const fingerprint = useSynced((s) => s.sharing.tlsFingerprint);
  const all = useSynced((s) => s.shares);
  const shares = Object.values(all)
    .filter((s) => s.cameraId === cameraId)
    .sort((a, b) => a.createdAt - b.createdAt);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ShareView | undefined>();
  const available = availability?.available === true;

  return (
    <section className="detail-section" aria-labelledby="cd-shares" data-testid="camera-shares">
      <h3 id="cd-shares">Share links</h3>
      <div className="detail-actions">
        <button type="button" className="btn small" disabled={!available} onClick={() => setCreating(true)}>
          Share…
        </button>
        {availability && !availability.available ? (
          <span className="subtle">{availability.reason}</span>
        ) : null}
      </div>
      {fingerprint ? (
        <p className="subtle share-note">
          Viewers see a self-signed certificate unless you installed your own; its SHA-256 fingerprint is{' '}
          <span className="mono fingerprint">{fingerprint}</span>.
        </p>
      ) : null}
      {shares.length === 0 ? (
        <p className="subtle">No share links.</p>
      ) : (
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Expires</th>
              <th scope="col" className="num">
                Viewers
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shares.map((s) => (
              <tr key={s.id} data-testid="share-row">
                <td>{s.label}</td>
                <td>
                  <Countdown at={s.expiresAt} done="expired" />
                </td>
                <td className="num">{s.viewers.length}</td>
                <td>
                  <CopyButton
                    text={new URL(s.path, window.location.origin).href}
                    what={`the link "${s.label}"`}
                  />{' '}
                  <button
                    type="button"
                    className="btn small danger"
                    aria-label={`Revoke "${s.label}"`}
                    onClick={() => setRevoking(s)}
                  >
                    Revoke…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating ? (
        <ShareDialog cameraId={cameraId} cameraName={cameraName} onClose={() => setCreating(false)} />
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke "${revoking.label}"?`}
          confirmLabel="Revoke"
          action={() => api().revokeShare({ id: revoking.id })}
          onDone={() => setRevoking(undefined)}
        >
          Its viewers are disconnected now and the link stops working.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
