import { PageHead } from '../components/layout';
import { Tabs } from '../components/Tabs';
import { useHashPath } from '../hooks/useHashPath';
import { AllocationsTable } from './relay/AllocationsTable';
import { CredentialsGenerator } from './relay/CredentialsGenerator';
import { RelaySettingsForm } from './relay/RelaySettingsForm';
import { RelayStatusCard } from './relay/RelayStatusCard';
import { RelayTotals } from './relay/RelayTotals';
import { SecretsCard } from './relay/SecretsCard';
import { UsersCard } from './relay/UsersCard';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'credentials', label: 'Credentials' },
  { id: 'settings', label: 'Settings' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function RelayPage() {
  const [[sub], setPath] = useHashPath('relay');
  const tab: Tab = TABS.some((t) => t.id === sub) ? (sub as Tab) : 'overview';
  const select = (t: Tab) => setPath(t === 'overview' ? [] : [t]);

  return (
    <div className="page">
      <PageHead title="Relay" lead="The TURN server that carries video to remote WebRTC viewers." />
      <RelayStatusCard onShowSettings={() => select('settings')} />
      <Tabs tabs={TABS} selected={tab} onSelect={select} label="Relay sections">
        {tab === 'overview' ? (
          <div className="stack-lg">
            <RelayTotals />
            <AllocationsTable />
          </div>
        ) : tab === 'credentials' ? (
          <div className="stack-lg">
            <CredentialsGenerator />
            <div className="grid-2">
              <UsersCard />
              <SecretsCard />
            </div>
          </div>
        ) : (
          <RelaySettingsForm />
        )}
      </Tabs>
    </div>
  );
}
