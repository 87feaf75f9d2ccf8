// ChannelBind (RFC 8656 §11.2): channel 0x4000-0x4FFF (or RFC 5766's 0x4000-0x7FFF, the
// default); a channel is bound to one peer transport address and a peer to one channel (else
// 400); binding again refreshes it (600 s) and the peer's permission (300 s).
import { decodeChannelNumber } from '../../stun/attributes/channel-number';
import { Attr, CHANNEL_MIN, ErrorCode } from '../../stun/constants';
import type { Channel } from '../allocation';
import type { TurnRequest } from '../request';
import { checkedPeer, installPermission, onOwnAllocation } from './common';
import type { RequestServices } from './services';

export function handleChannelBind(req: TurnRequest, s: RequestServices): void {
  // 1-2. Retransmission, authentication, 420, the 5-tuple's allocation of this user (437/441).
  if (!onOwnAllocation(req, s)) return;
  const a = req.allocation!;
  const auth = req.auth!;
  const r = req.msg;
  const state = s.state;
  // 3. CHANNEL-NUMBER in range and XOR-PEER-ADDRESS present: 400 otherwise.
  const ich = r.find(Attr.CHANNEL_NUMBER);
  const ipeer = r.find(Attr.XOR_PEER_ADDRESS);
  const number = ich >= 0 ? decodeChannelNumber(r, ich) : undefined;
  if (number === undefined || ipeer < 0 || number < CHANNEL_MIN || number > state.channelMax) {
    s.replies.on(req, a, ErrorCode.badRequest, auth);
    return;
  }
  // 4. The peer: family (443), peer policy (403).
  const peer = checkedPeer(req, s, a, ipeer, auth);
  if (peer === undefined) return;
  // 5. The channel is free or bound to this peer, and the peer has no other channel: 400.
  const byNumber = a.channelsByNumber.get(number);
  const byPeer = a.channelForPeer(peer.address, peer.port);
  if ((byNumber !== undefined && byNumber !== byPeer) || (byPeer !== undefined && byPeer !== byNumber)) {
    s.replies.on(req, a, ErrorCode.badRequest, auth);
    return;
  }
  // 6. The peer's permission is installed or refreshed (508 when the allocation has no room).
  if (!installPermission(s, a, peer.address)) {
    s.replies.on(req, a, ErrorCode.insufficientCapacity, auth);
    return;
  }
  // 7. The binding is made, or refreshed.
  const expiresAt = state.nowMs + state.lifetimes.channel * 1000;
  if (byNumber !== undefined) {
    byNumber.expiresAt = expiresAt;
    state.heap.schedule(byNumber);
  } else {
    const c: Channel = {
      kind: 'channel',
      allocation: a,
      number,
      ip: peer.address,
      port: peer.port,
      expiresAt,
      heapAt: 0,
      dead: false,
    };
    a.channelsByNumber.set(number, c);
    let ports = a.channelsByPeer.get(c.ip);
    if (ports === undefined) {
      ports = new Map();
      a.channelsByPeer.set(c.ip, ports);
    }
    ports.set(c.port, c);
    state.channelCount++;
    state.heap.schedule(c);
  }
  s.replies.on(req, a, 0, auth);
  s.out.emit({
    type: 'channelBind',
    id: a.id,
    session: a.session,
    username: a.username,
    channel: number,
    peer: `${peer.family === 6 ? `[${peer.address}]` : peer.address}:${peer.port}`,
  });
}
