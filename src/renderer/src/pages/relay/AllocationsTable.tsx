// Live TURN allocations, from the server's Observer: who, from where, to which peers, how
// long it has left and how much it carries. Rows in view only; deleting asks first.
import { useCallback, useMemo, useState } from 'react';
import type { AllocationView } from '../../../../shared/relay';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { plural } from '../../components/format';
import { toast } from '../../components/toast';
import { useVirtualRows } from '../../hooks/useVirtualRows';
import { useSynced } from '../../store';
import { api } from '../../store/api';
import { ALLOCATION_ROW_HEIGHT, AllocationRow } from './AllocationRow';
import { turnUserLabel } from './relay-form';

export function AllocationsTable() {
  const allocations = useSynced((s) => s.allocations);
  const running = useSynced((s) => s.relay.status.state === 'running');
  const [deleting, setDeleting] = useState<AllocationView>();
  const onDelete = useCallback((a: AllocationView) => setDeleting(a), []);
  const rows = useMemo(
    () => Object.values(allocations).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1)),
    [allocations],
  );
  const { ref, onScroll, win } = useVirtualRows(rows.length, ALLOCATION_ROW_HEIGHT);

  return (
    <section className="card" aria-labelledby="r-allocs">
      <div className="card-head">
        <h2 id="r-allocs" className="card-title">
          Live allocations
        </h2>
        <span className="subtle num" data-testid="allocation-count">
          {plural(rows.length, 'allocation')}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="empty-line subtle" data-testid="allocations-empty">
          {running
            ? 'No viewer is using the relay right now. Allocations appear here as WebRTC clients connect.'
            : 'The relay is not running: resume it to accept viewers.'}
        </p>
      ) : (
        <div className="table-scroll allocs-scroll" ref={ref} onScroll={onScroll}>
          <table className="data allocs" aria-rowcount={rows.length + 1}>
            <thead>
              <tr>
                <th scope="col" className="a-client">
                  Client
                </th>
                <th scope="col" className="a-user">
                  User
                </th>
                <th scope="col" className="a-relay num">
                  Relay port
                </th>
                <th scope="col" className="a-peers">
                  Peers
                </th>
                <th scope="col" className="a-chan num">
                  Channels
                </th>
                <th scope="col" className="a-life num">
                  Expires in
                </th>
                <th scope="col" className="a-in num" title="From the client to its peers">
                  In
                </th>
                <th scope="col" className="a-out num" title="From the peers to the client">
                  Out
                </th>
                <th scope="col" className="a-rate num">
                  Rate
                </th>
                <th scope="col" className="a-act">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {win.before > 0 ? (
                <tr className="spacer-row" style={{ height: win.before }}>
                  <td />
                </tr>
              ) : null}
              {rows.slice(win.start, win.end).map((a) => (
                <AllocationRow key={a.id} allocation={a} onDelete={onDelete} />
              ))}
              {win.after > 0 ? (
                <tr className="spacer-row" style={{ height: win.after }}>
                  <td />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
      {deleting ? (
        <ConfirmDialog
          title="Delete this allocation?"
          confirmLabel="Delete allocation"
          testId="allocation-delete-confirm"
          action={() => api().deleteAllocation({ id: deleting.id })}
          onDone={(res) => {
            setDeleting(undefined);
            if (res) toast('Allocation deleted');
          }}
        >
          <p>
            The viewer <strong>{turnUserLabel(deleting.username).user || deleting.username}</strong> at{' '}
            <span className="mono">{deleting.client}</span> loses its relayed media at once. Its client may
            allocate again if its credentials are still valid.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
