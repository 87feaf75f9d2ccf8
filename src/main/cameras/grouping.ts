// Which SessionGroup a camera belongs to. Named groups are the operator's; otherwise one
// group per server (host:port) or per URL, by the grouping mode. A server known to run a
// live555 with the stale-TCP bug is always grouped per server: a stale session there shows
// up on any URL of that server.
import type { GroupingMode } from '../../shared/cameras';
import { serverKey } from './camera-url';

export interface GroupKey {
  id: string;
  kind: 'server' | 'url' | 'named';
  label: string;
}

export function groupFor(
  camera: { url: string; group: string },
  mode: GroupingMode,
  buggyServers: ReadonlySet<string>,
): GroupKey {
  if (camera.group) return { id: `named:${camera.group}`, kind: 'named', label: camera.group };
  const server = serverKey(camera.url);
  if (mode === 'server' || buggyServers.has(server))
    return { id: `server:${server}`, kind: 'server', label: server };
  return { id: `url:${camera.url}`, kind: 'url', label: camera.url };
}
