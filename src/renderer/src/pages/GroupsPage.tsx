import { GroupsIcon } from '../components/icons';
import { EmptyState, PageHead } from '../components/layout';

export function GroupsPage() {
  return (
    <div className="page">
      <PageHead
        title="Groups"
        lead="Session groups: which cameras share a server, and sessions that may still be playing on it."
      />
      <EmptyState icon={<GroupsIcon size={40} />} title="No session groups yet">
        <p>
          Groups appear when cameras are added: one per server by default. A camera never reconnects while its
          group still has stale sessions on the server.
        </p>
      </EmptyState>
    </div>
  );
}
