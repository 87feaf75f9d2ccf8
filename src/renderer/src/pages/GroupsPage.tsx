import { useEffect, useMemo } from 'react';
import { plural } from '../components/format';
import { GroupsIcon } from '../components/icons';
import { EmptyState, PageHead } from '../components/layout';
import { useHashPath } from '../hooks/useHashPath';
import { useSynced } from '../store';
import { GroupCard } from './groups/GroupCard';
import { GroupingModeCard } from './groups/GroupingModeCard';
import { sortGroups } from './groups/group-words';
import { NamedGroupsCard } from './groups/NamedGroupsCard';

export function GroupsPage() {
  const groups = useSynced((s) => s.groups);
  const cameras = useSynced((s) => s.cameras);
  const [[focusId]] = useHashPath('groups');
  const list = useMemo(() => sortGroups(Object.values(groups)), [groups]);
  const stale = list.reduce((n, g) => n + g.staleCount, 0);

  // A link to one group (#/groups/<id>) scrolls it into view.
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(`group-${focusId}`)?.scrollIntoView({ block: 'center' });
  }, [focusId]);

  return (
    <div className="page">
      <PageHead
        title="Groups"
        lead="Session groups: which cameras share a server, and sessions that may still be playing on it."
      />
      <div className="grid-2 section">
        <GroupingModeCard />
        <NamedGroupsCard />
      </div>
      <section className="section" aria-labelledby="g-list">
        <h2 id="g-list">
          Session groups{' '}
          {list.length ? (
            <span className="subtle count-note">
              {plural(list.length, 'group')}
              {stale ? ` · ${plural(stale, 'stale session')}` : ''}
            </span>
          ) : null}
        </h2>
        {list.length === 0 ? (
          <EmptyState icon={<GroupsIcon size={40} />} title="No session groups yet">
            <p>
              Groups appear when cameras are added: one per server by default. A camera never reconnects while
              its group still has stale sessions on the server.
            </p>
          </EmptyState>
        ) : (
          <div className="group-list">
            {list.map((g) => (
              <GroupCard
                key={g.id}
                group={g}
                cameras={g.cameraIds.map((id) => cameras[id])}
                highlighted={g.id === focusId}
              />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
