// Restream: camrelay as the RTSP server players and recorders use, fed by each camera's one
// session. The listener and its status, restream users, and the on-demand timings.
import { PageHead } from '../components/layout';
import { RestreamListenerForm, RestreamStatus } from './restream/RestreamListenerForm';
import { RestreamUsersCard } from './restream/RestreamUsersCard';

export function RestreamPage() {
  return (
    <div className="page">
      <PageHead
        title="Restream"
        lead="Every camera served again over RTSP, so recorders and players read camrelay and the camera sees one session. Each camera’s URL is in its details."
      />
      <RestreamStatus />
      <div className="stack-lg">
        <RestreamUsersCard />
        <RestreamListenerForm />
      </div>
    </div>
  );
}
