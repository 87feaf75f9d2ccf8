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

/**
 * Which groups a regrouping only renames. `current` maps each running camera to its group
 * id now, `next` each wanted camera to its group id after the change. A group whose cameras
 * all stay together, and alone, under a new id is renamed (old id -> new id): its cameras keep
 * playing and its stale-session tracking carries over. Cameras of any other group whose id
 * changes reconnect (their sessions must be tracked in the group they now share).
 */
export function planRegroup(
  current: ReadonlyMap<string, string>,
  next: ReadonlyMap<string, string>,
): Map<string, string> {
  const membersOf = (m: ReadonlyMap<string, string>) => {
    const out = new Map<string, string[]>();
    for (const [camera, group] of m) {
      const list = out.get(group);
      if (list) list.push(camera);
      else out.set(group, [camera]);
    }
    return out;
  };
  const before = membersOf(current);
  const after = membersOf(next);
  const renames = new Map<string, string>();
  for (const [from, cameras] of before) {
    const to = next.get(cameras[0]!);
    if (to === undefined || to === from || before.has(to)) continue;
    const together = after.get(to)!;
    if (together.length === cameras.length && cameras.every((c) => next.get(c) === to)) renames.set(from, to);
  }
  return renames;
}

/** Running cameras that a regrouping reconnects: their group id changes and is not a rename. */
export function camerasToReconnect(
  current: ReadonlyMap<string, string>,
  next: ReadonlyMap<string, string>,
): string[] {
  const renames = planRegroup(current, next);
  const out: string[] = [];
  for (const [camera, group] of current) {
    const to = next.get(camera);
    if (to !== undefined && (renames.get(group) ?? group) !== to) out.push(camera);
  }
  return out;
}
