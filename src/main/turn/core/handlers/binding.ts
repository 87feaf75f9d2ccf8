// Binding request (RFC 8489 §6.3): answered without authentication.
import { encodeXorAddress } from '../../stun/attributes/xor-address';
import { Attr } from '../../stun/constants';
import type { TurnRequest } from '../request';
import { rejectUnknown } from './common';
import type { AnswerServices } from './services';

export function handleBinding(req: TurnRequest, s: AnswerServices): void {
  // 1. Unknown comprehension-required attributes: 420.
  if (rejectUnknown(req, s, null)) return;
  // 2. Success with XOR-MAPPED-ADDRESS: the source transport address as we saw it.
  const { address, port } = req;
  s.replies.success(req, null, (w) => encodeXorAddress(w, Attr.XOR_MAPPED_ADDRESS, { address, port }));
}
