// Binding request: answered without authentication with XOR-MAPPED-ADDRESS (RFC 8489 §6.3).
import { encodeXorAddress } from '../../stun/attributes/xor-address';
import { Attr } from '../../stun/constants';
import type { TurnCore } from '../core';
import { rejectUnknown } from './common';

export function handleBinding(core: TurnCore): void {
  if (rejectUnknown(core, null)) return;
  const s = core.src;
  core.success(null, (w) =>
    encodeXorAddress(w, Attr.XOR_MAPPED_ADDRESS, { address: s.address, port: s.port }),
  );
}
