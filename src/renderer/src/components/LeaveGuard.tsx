// Unsaved changes are not dropped silently: going to another page asks first (and closing or
// reloading the tab gets the browser's own question).
import { useEffect, useRef, useState } from 'react';
import { addLeaveGuard } from '../app/route';
import { ConfirmDialog } from './ConfirmDialog';

export function LeaveGuard({ dirty, here, what }: { dirty: boolean; here: string; what: string }) {
  const [leaving, setLeaving] = useState<string>();
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  // The page the operator chose to go to, changes discarded (the hash changes after a render).
  const allowed = useRef<string>(undefined);

  useEffect(
    () =>
      addLeaveGuard((to) => {
        if (!dirtyRef.current || to === here || to === allowed.current) return false;
        setLeaving(to);
        return true;
      }),
    [here],
  );
  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  if (leaving === undefined) return null;
  return (
    <ConfirmDialog
      title="Leave without saving?"
      confirmLabel="Discard changes"
      testId="leave-confirm"
      action={async () => ({ ok: true, result: true })}
      onDone={(leave) => {
        setLeaving(undefined);
        if (!leave) return;
        allowed.current = leaving;
        window.location.hash = leaving;
      }}
    >
      <p>{what} has changes that are not saved. Discard them and go on, or stay and save them.</p>
    </ConfirmDialog>
  );
}
