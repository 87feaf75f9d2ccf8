// ChannelBind (RFC 8656 §11.2): channel 0x4000-0x4FFF (or RFC 5766's 0x4000-0x7FFF, the default); a channel is bound to one peer transport
// address and a peer to one channel (else 400); binding again refreshes it (600 s) and the
// peer's permission (300 s).
import { decodeChannelNumber } from '../../stun/attributes/channel-number';
import { Attr, CHANNEL_MIN, ErrorCode } from '../../stun/constants';
import type { Channel } from '../allocation';
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

export function handleChannelBind(core: TurnCore): void {
  const found = currentAllocation(core);
  if (answeredBefore(core, found)) return;
  const auth = authenticate(core);
  if (auth === undefined || rejectUnknown(core, auth)) return;
  const a = requireAllocation(core, found, auth);
  if (a === undefined) return;
  const r = core.reader;
  const ich = r.find(Attr.CHANNEL_NUMBER);
  const ipeer = r.find(Attr.XOR_PEER_ADDRESS);
  const number = ich >= 0 ? decodeChannelNumber(r, ich) : undefined;
  if (number === undefined || ipeer < 0 || number < CHANNEL_MIN || number > core.channelMax) {
    answerOn(core, a, ErrorCode.badRequest, auth);
    return;
  }
  const peer = checkedPeer(core, a, ipeer, auth);
  if (peer === undefined) return;
  const byNumber = a.channelsByNumber.get(number);
  const byPeer = a.channelForPeer(peer.address, peer.port);
  if ((byNumber !== undefined && byNumber !== byPeer) || (byPeer !== undefined && byPeer !== byNumber)) {
    answerOn(core, a, ErrorCode.badRequest, auth);
    return;
  }
  if (!installPermission(core, a, peer.address)) {
    answerOn(core, a, ErrorCode.insufficientCapacity, auth);
    return;
  }
  const expiresAt = core.nowMs + core.lifetimes.channel * 1000;
  if (byNumber !== undefined) {
    byNumber.expiresAt = expiresAt;
    core.heap.schedule(byNumber);
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
    core.channelCount++;
    core.heap.schedule(c);
  }
  answerOn(core, a, 0, auth);
  core.emit({
    type: 'channelBind',
    id: a.id,
    session: a.session,
    username: a.username,
    channel: number,
    peer: `${peer.family === 6 ? `[${peer.address}]` : peer.address}:${peer.port}`,
  });
}
