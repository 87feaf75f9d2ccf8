// Building answers: success and error responses with SOFTWARE, MESSAGE-INTEGRITY(-SHA256) when
// the request was authenticated, and FINGERPRINT when the request carried one.
import { encodeErrorCode } from '../stun/attributes/error-code';
import { encodeSoftware } from '../stun/attributes/software';
import { messageType, StunClass } from '../stun/constants';
import type { StunReader } from '../stun/reader';
import { StunWriter } from '../stun/writer';

/** The key a request was authenticated with; answers are signed with it. */
export interface AuthKey {
  username: string;
  key: Buffer;
  sha256: boolean;
}

export type Fill = (w: StunWriter) => void;

export class Responder {
  readonly w = new StunWriter(1024);

  constructor(private readonly software: string) {}

  success(r: StunReader, auth: AuthKey | null, fill?: Fill): Buffer {
    return this.build(r.method, r.transactionId(), r.fingerprint >= 0, 0, auth, fill);
  }

  error(r: StunReader, code: number, auth: AuthKey | null, fill?: Fill): Buffer {
    return this.build(r.method, r.transactionId(), r.fingerprint >= 0, code, auth, fill);
  }

  /** A response to `method` with transaction id `tid`; `code` 0 means success. */
  build(
    method: number,
    tid: Uint8Array,
    fingerprint: boolean,
    code: number,
    auth: AuthKey | null,
    fill?: Fill,
  ): Buffer {
    const w = this.w;
    w.begin(messageType(method, code === 0 ? StunClass.success : StunClass.error), tid);
    if (code !== 0) encodeErrorCode(w, code);
    fill?.(w);
    if (this.software !== '') encodeSoftware(w, this.software);
    if (auth) {
      if (auth.sha256) w.integritySha256(auth.key);
      else w.integrity(auth.key);
    }
    if (fingerprint) w.fingerprint();
    return w.finish();
  }
}
