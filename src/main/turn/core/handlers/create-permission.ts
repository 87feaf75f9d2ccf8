// CreatePermission (RFC 8656 §9): one or more XOR-PEER-ADDRESS (else 400), all of the
// allocation's family (443), all allowed by the peer policy (403); all or nothing; a permission
// is per IP (the port is ignored) and lasts 300 s.
import { Attr, ErrorCode } from '../../stun/constants';
import { authenticate } from '../auth';
import type { TurnCore } from '../core';
import {
  answeredBefore,
  answerOn,
  checkedPeer,
  currentAllocation,
  installPermission,
  rejectUnknown,
  requireAllocation,
} from './common';

export function handleCreatePermission(core: TurnCore): void {
  const found = currentAllocation(core);
  if (answeredBefore(core, found)) return;
  const auth = authenticate(core);
  if (auth === undefined || rejectUnknown(core, auth)) return;
  const a = requireAllocation(core, found, auth);
  if (a === undefined) return;
  const r = core.reader;
  const ips: string[] = [];
  for (let i = 0; i < r.count; i++) {
    if (r.types[i] !== Attr.XOR_PEER_ADDRESS) continue;
    const peer = checkedPeer(core, a, i, auth);
    if (peer === undefined) return;
    if (!ips.includes(peer.address)) ips.push(peer.address);
  }
  if (ips.length === 0) {
    answerOn(core, a, ErrorCode.badRequest, auth);
    return;
  }
  const fresh = ips.filter((ip) => !a.perms.has(ip)).length;
  if (a.perms.size + fresh > core.maxPermissions) {
    answerOn(core, a, ErrorCode.insufficientCapacity, auth);
    return;
  }
  for (const ip of ips) installPermission(core, a, ip);
  answerOn(core, a, 0, auth);
  core.emit({ type: 'createPermission', id: a.id, session: a.session, username: a.username, peers: ips });
}
