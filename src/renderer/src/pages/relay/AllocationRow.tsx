// One live TURN allocation. Memoized on the allocation object (the store keeps it identical
// until the next sample changes it).
import { memo } from 'react';
import type { AllocationView } from '../../../../shared/relay';
import { Countdown } from '../../components/Countdown';
import { formatBytes, formatCount, formatRate } from '../../components/format';
import { LastKnown } from '../../components/LastKnown';
import { turnUserLabel } from './relay-form';

export const ALLOCATION_ROW_HEIGHT = 52;

export const AllocationRow = memo(function AllocationRow({
  allocation: a,
  onDelete,
}: {
  allocation: AllocationView;
  onDelete: (a: AllocationView) => void;
}) {
  const user = turnUserLabel(a.username);
  const port = a.relay.slice(a.relay.lastIndexOf(':') + 1);
  return (
    <tr data-testid="allocation-row" data-id={a.id} className="alloc-row">
      <th scope="row" className="a-client">
        <span className="mono">{a.client.replace(/^(udp|tcp|tls) /, '')}</span>
        <div className="sub">{a.transport.toUpperCase()}</div>
      </th>
      <td className="a-user" title={a.username}>
        <span>{user.user || <span className="subtle">(none)</span>}</span>
        <div className="sub">{user.temporary ? 'time-limited' : 'static user'}</div>
      </td>
      <td className="a-relay num" title={a.relay}>
        {port}
      </td>
      <td className="a-peers" title={a.peers.join('\n') || 'no permissions yet'}>
        <span className="num">{a.peers.length}</span>
        <div className="sub mono">{a.peers[0] ?? '—'}</div>
      </td>
      <td
        className="a-chan num"
        title={a.channels.map((c) => `0x${c.number.toString(16)} → ${c.peer}`).join('\n')}
      >
        {a.channels.length}
      </td>
      <td className="a-life num">
        <Countdown at={a.expiresAt} done="expiring" />
      </td>
      <td className="a-in num">
        {formatBytes(a.bytesIn)}
        <div className="sub">{formatCount(a.packetsIn)} pkts</div>
      </td>
      <td className="a-out num">
        {formatBytes(a.bytesOut)}
        <div className="sub">{formatCount(a.packetsOut)} pkts</div>
      </td>
      <td className="a-rate num">
        <span>
          in {formatRate(a.kbpsIn)}
          <LastKnown />
        </span>
        <div className="sub">out {formatRate(a.kbpsOut)}</div>
      </td>
      <td className="a-act">
        <button
          type="button"
          className="btn small danger"
          onClick={() => onDelete(a)}
          aria-label={`Delete the allocation of ${user.user || a.username} from ${a.client}`}
          data-testid="allocation-delete"
        >
          Delete
        </button>
      </td>
    </tr>
  );
});
