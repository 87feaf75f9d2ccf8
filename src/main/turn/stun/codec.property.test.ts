// Property tests for the codec: any bytes -> a decode result, never a throw; encode/decode
// round trips; IPv6 text identical to Node's own formatting (the permission maps rely on it).
import { SocketAddress } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIp, formatIpv6, parseIp, writeIp } from './address';
import { decodeErrorCode, encodeErrorCode } from './attributes/error-code';
import { decodeLifetime, encodeLifetime } from './attributes/lifetime';
import { verifyMessageIntegrity, verifyMessageIntegritySha256 } from './attributes/message-integrity';
import { decodeUnknownAttributes, encodeUnknownAttributes } from './attributes/unknown-attributes';
import { decodeXorAddress, encodeXorAddress } from './attributes/xor-address';
import { Attr, classOf, messageType, methodOf } from './constants';
import { StunReader } from './reader';
import { StunWriter } from './writer';

describe('StunReader on arbitrary bytes', () => {
  it('never throws and indexes only in-bounds attributes', () => {
    const r = new StunReader();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const err = r.reset(buf);
        if (err === null) {
          for (let i = 0; i < r.count; i++) {
            expect(r.valueOffset(i) + r.valueLength(i)).toBeLessThanOrEqual(buf.length);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on a valid header followed by random attributes', () => {
    const r = new StunReader();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 0x3fff }), (body, type) => {
        const len = body.length & ~3;
        const buf = Buffer.alloc(20 + len);
        buf.writeUInt16BE(type, 0);
        buf.writeUInt16BE(len, 2);
        buf.writeUInt32BE(0x2112a442, 4);
        buf.set(body.subarray(0, len), 20);
        const err = r.reset(buf);
        expect(err === null || typeof err === 'string').toBe(true);
        // decoders never throw either
        for (let i = 0; i < r.count; i++) {
          decodeXorAddress(r, i);
          decodeErrorCode(r, i);
          decodeLifetime(r, i);
          decodeUnknownAttributes(r, i);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('message type', () => {
  it('method and class round trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xfff }), fc.constantFrom(0, 0x10, 0x100, 0x110), (m, c) => {
        const t = messageType(m, c);
        expect(methodOf(t)).toBe(m);
        expect(classOf(t)).toBe(c);
      }),
    );
  });
});

const ipv4 = fc.ipV4();
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIpv6(b, 0));

describe('round trips', () => {
  it('XOR addresses, LIFETIME, ERROR-CODE, UNKNOWN-ATTRIBUTES with integrity and fingerprint', () => {
    const w = new StunWriter(64);
    const r = new StunReader();
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.oneof(ipv4, ipv6),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 300, max: 699 }),
        fc.string({ maxLength: 100 }),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 10 }),
        fc.uint8Array({ minLength: 1, maxLength: 32 }),
        (tid, address, port, lifetime, code, reason, unknown, key) => {
          w.begin(messageType(3, 0x110), tid);
          encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, { address, port });
          encodeLifetime(w, lifetime);
          encodeErrorCode(w, code, reason);
          encodeUnknownAttributes(w, unknown);
          w.integrity(key).integritySha256(key).fingerprint();
          const msg = w.finish();
          expect(r.reset(msg)).toBeNull();
          expect(Buffer.compare(r.transactionId(), Buffer.from(tid))).toBe(0);
          const a = decodeXorAddress(r, r.find(Attr.XOR_PEER_ADDRESS));
          expect(a?.address).toBe(canonicalIp(address));
          expect(a?.port).toBe(port);
          expect(decodeLifetime(r, r.find(Attr.LIFETIME))).toBe(lifetime);
          expect(decodeErrorCode(r, r.find(Attr.ERROR_CODE))).toEqual({ code, reason });
          expect(decodeUnknownAttributes(r, r.find(Attr.UNKNOWN_ATTRIBUTES))).toEqual(unknown);
          expect(verifyMessageIntegrity(r, key)).toBe(true);
          expect(verifyMessageIntegritySha256(r, key)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('IP text', () => {
  it('IPv6 formatting matches Node (libuv inet_ntop) for any 16 bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
          // mostly-zero addresses exercise the :: and IPv4-mapped rules
          fc
            .array(fc.constantFrom(0, 0, 0, 0xff, 1), { minLength: 16, maxLength: 16 })
            .map((a) => Uint8Array.from(a)),
        ),
        (b) => {
          const text = formatIpv6(b, 0);
          const full = Array.from({ length: 8 }, (_, i) =>
            ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16),
          ).join(':');
          expect(text).toBe(new SocketAddress({ address: full, family: 'ipv6' }).address);
          const back = parseIp(text);
          expect(back && Buffer.from(back).equals(Buffer.from(b))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rejects what is not an IP literal and never throws', () => {
    for (const bad of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '01.2.3.4',
      ':::',
      '1::2::3',
      'g::1',
      '1:2:3:4:5:6:7:8:9',
      'a:',
    ]) {
      expect(writeIp(bad, new Uint8Array(16), 0)).toBe(0);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        writeIp(s, new Uint8Array(16), 0);
      }),
    );
    expect(canonicalIp('::FFFF:10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });
});
