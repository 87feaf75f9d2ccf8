// A modal dialog on the native <dialog>: showModal() makes the page behind it inert (focus
// stays inside), Escape closes it through our onClose, and focus returns to the element
// that opened it. Mounted only while open, so its form starts fresh each time.
import { type ReactNode, useEffect, useId, useLayoutEffect, useRef } from 'react';
import { CloseIcon } from './icons';

const FOCUSABLE =
  'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: ReactNode;
  /** One line under the title, also the dialog's accessible description. */
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom, right-aligned. */
  footer?: ReactNode;
  /** `drawer` slides in at the right edge (details); `modal` is centred (forms, confirms). */
  variant?: 'modal' | 'drawer';
  size?: 'sm' | 'md' | 'lg';
  /** Escape and the close button do nothing while true (a command is running). */
  busy?: boolean;
  testId?: string;
  /** role="alertdialog" for confirmations. */
  alert?: boolean;
}

export function Dialog(props: DialogProps) {
  const {
    title,
    description,
    onClose,
    children,
    footer,
    variant = 'modal',
    size = 'md',
    busy,
    testId,
  } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]');
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // The opener may have been re-rendered away (a row that scrolled out); fall back quietly.
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const cancel = (e: Event) => {
      e.preventDefault();
      if (!busyRef.current) onCloseRef.current();
    };
    // The page behind is inert; also wrap Tab at the ends so focus never leaves for the
    // browser's own controls.
    const wrapTab = (e: KeyboardEvent) => {
      if (e.key !== 'Tab') return;
      const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => !el.hasAttribute('disabled') && el.getClientRects().length > 0,
      );
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    dialog.addEventListener('cancel', cancel);
    dialog.addEventListener('keydown', wrapTab);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.removeEventListener('keydown', wrapTab);
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog ${variant} ${size}`}
      role={props.alert ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      data-testid={testId}
    >
      <div className="dialog-head">
        <div className="dialog-titles">
          <h2 id={titleId}>{title}</h2>
          {description ? <p id={descId}>{description}</p> : null}
        </div>
        <button
          type="button"
          className="btn ghost icon"
          aria-label="Close"
          onClick={() => !busy && onClose()}
          disabled={busy}
        >
          <CloseIcon />
        </button>
      </div>
      <div className="dialog-body">{children}</div>
      {footer ? <div className="dialog-foot">{footer}</div> : null}
    </dialog>
  );
}
