// Small long-term-credential TURN clients for attack tests: over a TCP/TLS stream (answers
// framed with the server's own StreamFramer) and over UDP from a chosen loopback address. Every
// wait is bounded; an unanswered request resolves as -1, never hangs.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Duplex } from 'node:stream';
import { longTermKey } from '../../src/main/turn/auth/long-term';
import { StreamFramer } from '../../src/main/turn/io/stream-framer';
import { decodeErrorCode } from '../../src/main/turn/stun/attributes/error-code';
import { decodeNonce } from '../../src/main/turn/stun/attributes/nonce';
import { decodeRealm } from '../../src/main/turn/stun/attributes/realm';
import { encodeRequestedTransport } from '../../src/main/turn/stun/attributes/requested-transport';
import { Attr, messageType, StunClass, StunMethod } from '../../src/main/turn/stun/constants';
import { StunReader } from '../../src/main/turn/stun/reader';
import { StunWriter } from '../../src/main/turn/stun/writer';

export interface Credentials {
  user: string;
  pass: string;
}

/** A STUN answer's error code (0 = success), or -1 for no answer. */
export type Code = number;

function codeOf(r: StunReader): Code {
  const i = r.find(Attr.ERROR_CODE);
  return i < 0 ? 0 : decodeErrorCode(r, i)!.code;
}

function randomTid(): Buffer {
  return Buffer.from(Array.from({ length: 12 }, () => (Math.random() * 256) | 0));
}

/** Builds Allocate requests; with a nonce, signed with the credentials. */
export class AllocateBuilder {
  nonce = '';
  realm = '';
  private readonly w = new StunWriter();
  constructor(public creds: Credentials) {}

  build(): Buffer {
    const w = this.w.begin(messageType(StunMethod.allocate, StunClass.request), randomTid());
    encodeRequestedTransport(w, 17);
    if (this.nonce) {
      w.utf8(Attr.USERNAME, this.creds.user).utf8(Attr.REALM, this.realm).utf8(Attr.NONCE, this.nonce);
      w.integrity(longTermKey(this.creds.user, this.realm, this.creds.pass));
    }
    return Buffer.from(w.finish());
  }

  /** Learns realm and nonce from a 401/438; true when it did. */
  learn(r: StunReader): boolean {
    const code = codeOf(r);
    if (code !== 401 && code !== 438) return false;
    this.realm = decodeRealm(r, r.find(Attr.REALM)) ?? this.realm;
    this.nonce = decodeNonce(r, r.find(Attr.NONCE)) ?? this.nonce;
    return true;
  }
}

/** Reads one STUN answer from a stream within `ms`, or undefined. */
function nextAnswer(s: Duplex, framer: StreamFramer, queue: StunReader[], ms: number) {
  return new Promise<StunReader | undefined>((resolve) => {
    if (queue.length > 0) return resolve(queue.shift());
    const done = (r: StunReader | undefined) => {
      clearTimeout(t);
      s.off('data', onData);
      s.off('close', onClose);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      framer.push(chunk, (f) => {
        const r = new StunReader();
        if (r.reset(Buffer.from(f)) === null) queue.push(r);
      });
      if (queue.length > 0) done(queue.shift());
    };
    const onClose = () => done(undefined);
    const t = setTimeout(() => done(undefined), ms);
    s.on('data', onData);
    s.on('close', onClose);
  });
}

/** Allocates over a connected TCP/TLS stream: the answer's code, -1 when none came. */
export async function allocateOverStream(s: Duplex, creds: Credentials, ms = 5000): Promise<Code> {
  const b = new AllocateBuilder(creds);
  const framer = new StreamFramer();
  const queue: StunReader[] = [];
  s.write(b.build());
  let r = await nextAnswer(s, framer, queue, ms);
  if (r && b.learn(r)) {
    s.write(b.build());
    r = await nextAnswer(s, framer, queue, ms);
  }
  return r ? codeOf(r) : -1;
}

/** A UDP client bound to `address` (any 127.0.0.0/8 address works on Linux loopback). */
export class UdpTurnClient {
  readonly sock: UdpSocket = createSocket('udp4');
  readonly builder: AllocateBuilder;
  constructor(
    readonly serverPort: number,
    creds: Credentials,
    readonly address = '127.0.0.1',
  ) {
    this.builder = new AllocateBuilder(creds);
    this.sock.on('error', () => undefined);
  }

  bind(): Promise<void> {
    return new Promise((r) => this.sock.bind(0, this.address, () => r()));
  }

  /** Sends without waiting (floods). */
  fire(msg: Buffer): void {
    this.sock.send(msg, this.serverPort, '127.0.0.1');
  }

  /** Sends `msg`, resending every `rtoMs`, until an answer or `ms` is over. */
  ask(msg: Buffer, ms: number, rtoMs = 250): Promise<StunReader | undefined> {
    return new Promise((resolve) => {
      const done = (r: StunReader | undefined) => {
        clearTimeout(t);
        clearInterval(resend);
        this.sock.off('message', on);
        resolve(r);
      };
      const on = (m: Buffer) => {
        const r = new StunReader();
        if (r.reset(m) === null && r.transactionId().equals(msg.subarray(8, 20))) done(r);
      };
      const t = setTimeout(() => done(undefined), ms);
      const resend = setInterval(() => this.fire(msg), rtoMs);
      this.sock.on('message', on);
      this.fire(msg);
    });
  }

  /**
   * Allocate with one 401 round, like a browser: the code, or -1 when no answer came in `ms`
   * (resending every `rtoMs`; pass more than `ms` for a single try).
   */
  async allocate(ms = 3000, rtoMs = 250): Promise<Code> {
    let r = await this.ask(this.builder.build(), ms, rtoMs);
    if (r && this.builder.learn(r)) r = await this.ask(this.builder.build(), ms, rtoMs);
    return r ? codeOf(r) : -1;
  }

  close(): void {
    this.sock.close();
  }
}

/** Resolves true when `s` closes within `ms`, false otherwise. */
export function closesWithin(s: Duplex, ms: number): Promise<boolean> {
  if (s.destroyed && (s as { closed?: boolean }).closed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      s.off('close', on);
      resolve(false);
    }, ms);
    const on = () => {
      clearTimeout(t);
      resolve(true);
    };
    s.once('close', on);
  });
}
