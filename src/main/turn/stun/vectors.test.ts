// RFC 5769 test vectors (MESSAGE-INTEGRITY, FINGERPRINT, XOR-MAPPED-ADDRESS) and the RFC 8489
// Appendix B.1 vector (MESSAGE-INTEGRITY-SHA256 with PASSWORD-ALGORITHM).
import { describe, expect, it } from 'vitest';
import { longTermKey } from '../auth/long-term';
import { verifyMessageIntegrity, verifyMessageIntegritySha256 } from './attributes/message-integrity';
import { decodeNonce } from './attributes/nonce';
import { decodePasswordAlgorithm } from './attributes/password-algorithm';
import { decodeRealm } from './attributes/realm';
import { decodeSoftware } from './attributes/software';
import { decodeUsername } from './attributes/username';
import { decodeXorAddress, encodeXorAddress } from './attributes/xor-address';
import { Attr, PasswordAlgorithm, StunClass, StunMethod } from './constants';
import { StunReader } from './reader';
import { StunWriter } from './writer';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const SAMPLE_REQUEST = hex(`
  000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573742063
  6c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68
  3676592020200008001 49aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf`);
const SAMPLE_IPV4_RESPONSE = hex(`
  0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220
  00200008 0001a147e112a643 000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7
  80280004c07d4c96`);
const SAMPLE_IPV6_RESPONSE = hex(`
  010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220
  00200014 0002a1470113a9faa5d3f179bc25f4b5bed2b9d9 00080014a382954e4be67bf1
  1784c97c8292c275bfe3ed41 80280004c8fb0b4c`);
const SAMPLE_LONG_TERM = hex(`
  000100602112a44278ad3433c6ad72c029da412e
  00060012 e3839ee38388e383aae38383e382afe382b9 0000
  0015001c 662f2f3439396b3935346436 4f4c33346f4c394653547679 36347341
  0014000b 6578616d706c652e6f7267 00
  00080014 f67024656dd64a3e02b8e0712e85c9a28ca89666`);
const SAMPLE_SHA256 = hex(`
  000100902112a44278ad3433c6ad72c029da412e001e00204a3cf38fef6992bda952c678
  0417da0f24819415569e60b205c46e41407f17040015002 96f624d61744a6f73324141
  4143662f2f3439396b39353464364f4c33346f4c394653547679363473410000 00
  0014000b6578616d706c652e6f726700001d000400020000001c0020b5c7bf005b6c52a2
  1c51c5e892f81924136296cb927c431493 09278cc6518e65`);

const PASSWORD = 'VOkJxbRl1RmTxUk/WvJxBt';
const USER = '\u30de\u30c8\u30ea\u30c3\u30af\u30b9';

describe('RFC 5769 vectors', () => {
  it('2.1 sample request: fingerprint and short-term MESSAGE-INTEGRITY verify', () => {
    const r = new StunReader();
    expect(r.reset(SAMPLE_REQUEST)).toBeNull();
    expect(r.method).toBe(StunMethod.binding);
    expect(r.cls).toBe(StunClass.request);
    expect(decodeSoftware(r, r.find(Attr.SOFTWARE))).toBe('STUN test client');
    expect(decodeUsername(r, r.find(Attr.USERNAME))).toBe('evtj:h6vY');
    expect(verifyMessageIntegrity(r, Buffer.from(PASSWORD))).toBe(true);
    expect(verifyMessageIntegrity(r, Buffer.from('wrong'))).toBe(false);
  });

  it('2.1 a flipped bit breaks the fingerprint', () => {
    const bad = Buffer.from(SAMPLE_REQUEST);
    bad[30] = bad[30]! ^ 1;
    expect(new StunReader().reset(bad)).toBe('stun-bad-fingerprint');
  });

  it('2.2 IPv4 response decodes and re-encodes byte for byte', () => {
    const r = new StunReader();
    expect(r.reset(SAMPLE_IPV4_RESPONSE)).toBeNull();
    expect(decodeXorAddress(r, r.find(Attr.XOR_MAPPED_ADDRESS))).toEqual({
      family: 4,
      address: '192.0.2.1',
      port: 32853,
    });
    expect(verifyMessageIntegrity(r, Buffer.from(PASSWORD))).toBe(true);
    const w = new StunWriter().begin(0x0101, r.transactionId());
    // the vector pads SOFTWARE with a space, not zero: copy the raw attribute
    w.raw(Attr.SOFTWARE, Buffer.from('test vector'));
    w.bytes[w.size - 1] = 0x20;
    encodeXorAddress(w, Attr.XOR_MAPPED_ADDRESS, { address: '192.0.2.1', port: 32853 });
    w.integrity(Buffer.from(PASSWORD)).fingerprint();
    expect(w.finish().toString('hex')).toBe(SAMPLE_IPV4_RESPONSE.toString('hex'));
  });

  it('2.3 IPv6 response decodes and re-encodes byte for byte', () => {
    const r = new StunReader();
    expect(r.reset(SAMPLE_IPV6_RESPONSE)).toBeNull();
    const addr = decodeXorAddress(r, r.find(Attr.XOR_MAPPED_ADDRESS));
    expect(addr).toEqual({ family: 6, address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 });
    const w = new StunWriter().begin(0x0101, r.transactionId());
    w.raw(Attr.SOFTWARE, Buffer.from('test vector'));
    w.bytes[w.size - 1] = 0x20;
    encodeXorAddress(w, Attr.XOR_MAPPED_ADDRESS, addr!);
    w.integrity(Buffer.from(PASSWORD)).fingerprint();
    expect(w.finish().toString('hex')).toBe(SAMPLE_IPV6_RESPONSE.toString('hex'));
  });

  it('2.4 long-term MESSAGE-INTEGRITY with MD5(username:realm:password)', () => {
    const r = new StunReader();
    expect(r.reset(SAMPLE_LONG_TERM)).toBeNull();
    expect(decodeUsername(r, r.find(Attr.USERNAME))).toBe(USER);
    expect(decodeRealm(r, r.find(Attr.REALM))).toBe('example.org');
    expect(decodeNonce(r, r.find(Attr.NONCE))).toBe('f//499k954d6OL34oL9FSTvy64sA');
    expect(verifyMessageIntegrity(r, longTermKey(USER, 'example.org', 'TheMatrIX'))).toBe(true);
    expect(verifyMessageIntegrity(r, longTermKey(USER, 'example.org', 'TheMatrix'))).toBe(false);
  });
});

describe('RFC 8489 B.1 vector', () => {
  it('MESSAGE-INTEGRITY-SHA256 with PASSWORD-ALGORITHM SHA-256', () => {
    const r = new StunReader();
    expect(r.reset(SAMPLE_SHA256)).toBeNull();
    expect(decodePasswordAlgorithm(r, r.find(Attr.PASSWORD_ALGORITHM))).toBe(PasswordAlgorithm.sha256);
    expect(decodeNonce(r, r.find(Attr.NONCE))).toBe('obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA');
    const key = longTermKey(USER, 'example.org', 'TheMatrIX', PasswordAlgorithm.sha256);
    expect(verifyMessageIntegritySha256(r, key)).toBe(true);
    expect(verifyMessageIntegritySha256(r, longTermKey(USER, 'example.org', 'x', 2))).toBe(false);
  });
});
