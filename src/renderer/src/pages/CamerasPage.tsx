import { CameraIcon } from '../components/icons';
import { EmptyState, PageHead } from '../components/layout';

export function CamerasPage() {
  return (
    <div className="page">
      <PageHead title="Cameras" lead="Every camera camrelay keeps connected, live." />
      <EmptyState icon={<CameraIcon size={40} />} title="No cameras yet">
        <p>
          Add a camera with its RTSP address (rtsp://host:554/path) and credentials. camrelay connects, keeps
          the session alive and shows its live figures here.
        </p>
      </EmptyState>
    </div>
  );
}
