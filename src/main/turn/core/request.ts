// The request being handled: the parsed STUN message and where it came from. One object per
// core, refilled for each packet (the hot path allocates nothing for it); a handler that keeps
// anything of it copies it (see password-wait.ts).
import { StunReader } from '../stun/reader';
import type { Allocation, Conn, IoHandles } from './allocation';
import type { AuthKey } from './respond';

const EMPTY = Buffer.alloc(0);

export class TurnRequest<Io extends IoHandles = IoHandles> {
  /** The message, parsed (attribute offsets; values are decoded on demand). */
  readonly msg = new StunReader();
  listener = 0;
  address = '';
  port = 0;
  family: 4 | 6 = 4;
  /** The TCP/TLS connection it came on; undefined for UDP. */
  conn: Conn<Io> | undefined = undefined;
  /** The whole packet (kept by a request that waits for a password). */
  data: Buffer = EMPTY;
  /** The allocation of this 5-tuple, if there is one (looked up before the handler runs). */
  allocation: Allocation<Io> | undefined = undefined;
  /** Set once the request is authenticated: answers are signed with it. */
  auth: AuthKey | undefined = undefined;

  /** The transaction id in hex: the key of the answers cached for retransmissions. */
  tid(): string {
    return this.msg.buf.toString('hex', 8, 20);
  }
}
