// CreatePermission (RFC 8656 §9): one or more XOR-PEER-ADDRESS (else 400), all of the
// allocation's family (443), all allowed by the peer policy (403); all or nothing; a permission
// is per IP (the port is ignored) and lasts 300 s.
import { Attr, ErrorCode } from '../../stun/constants';
import type { TurnRequest } from '../request';
import { checkedPeer, installPermission, onOwnAllocation } from './common';
import type { RequestServices } from './services';

export function handleCreatePermission(req: TurnRequest, s: RequestServices): void {
  // 1-2. Retransmission, authentication, 420, the 5-tuple's allocation of this user (437/441).
  if (!onOwnAllocation(req, s)) return;
  const a = req.allocation!;
  const auth = req.auth!;
  const r = req.msg;
  // 3. Every XOR-PEER-ADDRESS decodes (400), is of the allocation's family (443) and is
  //    allowed by the peer policy (403); the first failure answers for the whole request.
  const ips: string[] = [];
  for (let i = 0; i < r.count; i++) {
    if (r.types[i] !== Attr.XOR_PEER_ADDRESS) continue;
    const peer = checkedPeer(req, s, a, i, auth);
    if (peer === undefined) return;
    if (!ips.includes(peer.address)) ips.push(peer.address);
  }
  // 4. At least one peer: 400 otherwise.
  if (ips.length === 0) {
    s.replies.on(req, a, ErrorCode.badRequest, auth);
    return;
  }
  // 5. Room for the new ones (508), then install or refresh them all.
  const fresh = ips.filter((ip) => !a.perms.has(ip)).length;
  if (a.perms.size + fresh > s.state.maxPermissions) {
    s.replies.on(req, a, ErrorCode.insufficientCapacity, auth);
    return;
  }
  for (const ip of ips) installPermission(s, a, ip);
  s.replies.on(req, a, 0, auth);
  s.out.emit({ type: 'createPermission', id: a.id, session: a.session, username: a.username, peers: ips });
}
