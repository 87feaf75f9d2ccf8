import { createPortal } from 'react-dom';
import { CloseIcon } from './icons';
import { dismissToast, useToasts } from './toast';

/** Renders the toasts at the bottom right of the window (portalled to <body>). */
export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  return createPortal(
    <section className="toasts" aria-label="Notifications" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone}`} role={t.tone === 'bad' ? 'alert' : 'status'}>
          <span>{t.message}</span>
          <button
            type="button"
            className="btn ghost icon small"
            aria-label="Dismiss"
            onClick={() => dismissToast(t.id)}
          >
            <CloseIcon size={14} />
          </button>
        </div>
      ))}
    </section>,
    document.body,
  );
}
