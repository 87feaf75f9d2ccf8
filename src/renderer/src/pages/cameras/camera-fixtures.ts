// Sample cameras for unit tests of the table helpers.
import { type CameraStatus, type CameraView, DEFAULT_POLICIES } from '../../../../shared/cameras';

export function sampleCamera(id: string, over: Partial<CameraView> = {}): CameraView {
  return {
    id,
    name: id,
    url: `rtsp://10.0.0.1:554/${id}`,
    username: '',
    hasPassword: false,
    transport: 'tcp',
    group: '',
    enabled: true,
    policies: DEFAULT_POLICIES,
    mode: 'always',
    groupId: 'server:10.0.0.1:554',
    status: { state: 'connecting', since: 0, attempt: 0 } as CameraStatus,
    streams: [],
    history: { t: [], kbps: [], fps: [] },
    ...over,
  };
}
