import { RelayIcon } from '../components/icons';
import { EmptyState, PageHead } from '../components/layout';

export function RelayPage() {
  return (
    <div className="page">
      <PageHead title="Relay" lead="The TURN server that carries video to remote WebRTC viewers." />
      <EmptyState icon={<RelayIcon size={40} />} title="The relay is not set up">
        <p>
          Set a realm, listeners and credentials for remote viewers. Live allocations appear here with their
          traffic.
        </p>
      </EmptyState>
    </div>
  );
}
