// Each attribute: encode -> decode, and the malformed forms that must decode to undefined (a 400).
import { describe, expect, it } from 'vitest';
import { Attr, messageType } from '../constants';
import { StunReader } from '../reader';
import { StunWriter } from '../writer';
import { decodeChannelNumber, encodeChannelNumber } from './channel-number';
import { decodeData, encodeData } from './data';
import { decodeDontFragment, encodeDontFragment } from './dont-fragment';
import { decodeEvenPort, encodeEvenPort } from './even-port';
import { decodeLifetime } from './lifetime';
import { decodeNonce, encodeNonce } from './nonce';
import { decodePasswordAlgorithm, encodePasswordAlgorithm } from './password-algorithm';
import { decodePasswordAlgorithms, encodePasswordAlgorithms } from './password-algorithms';
import { decodeRealm, encodeRealm } from './realm';
import { decodeRequestedAddressFamily, encodeRequestedAddressFamily } from './requested-address-family';
import { decodeRequestedTransport, encodeRequestedTransport } from './requested-transport';
import { decodeReservationToken, encodeReservationToken } from './reservation-token';
import { decodeSoftware, encodeSoftware } from './software';
import { decodeUsername, encodeUsername } from './username';
import { decodeXorAddress } from './xor-address';

const TID = Buffer.alloc(12, 7);

function build(fill: (w: StunWriter) => void): StunReader {
  const w = new StunWriter(32).begin(messageType(3, 0), TID);
  fill(w);
  const r = new StunReader();
  expect(r.reset(w.finish())).toBeNull();
  return r;
}

describe('attribute codecs', () => {
  it('round trip every TURN attribute we send or read', () => {
    const r = build((w) => {
      encodeChannelNumber(w, 0x4001);
      encodeData(w, Buffer.from([1, 2, 3]));
      encodeDontFragment(w);
      encodeEvenPort(w, true);
      encodeNonce(w, 'n0nce');
      encodePasswordAlgorithm(w, 2);
      encodePasswordAlgorithms(w, [1, 2]);
      encodeRealm(w, 'camrelay');
      encodeRequestedAddressFamily(w, 6);
      encodeRequestedTransport(w, 17);
      encodeReservationToken(w, Buffer.from('0102030405060708', 'hex'));
      encodeSoftware(w, 'camrelay');
      encodeUsername(w, 'alice');
    });
    expect(decodeChannelNumber(r, r.find(Attr.CHANNEL_NUMBER))).toBe(0x4001);
    expect([...decodeData(r, r.find(Attr.DATA))]).toEqual([1, 2, 3]);
    expect(decodeDontFragment(r)).toBe(true);
    expect(decodeEvenPort(r, r.find(Attr.EVEN_PORT))).toEqual({ reserveNext: true });
    expect(decodeNonce(r, r.find(Attr.NONCE))).toBe('n0nce');
    expect(decodePasswordAlgorithm(r, r.find(Attr.PASSWORD_ALGORITHM))).toBe(2);
    expect(decodePasswordAlgorithms(r, r.find(Attr.PASSWORD_ALGORITHMS))?.map((e) => e.algorithm)).toEqual([
      1, 2,
    ]);
    expect(decodeRealm(r, r.find(Attr.REALM))).toBe('camrelay');
    expect(decodeRequestedAddressFamily(r, r.find(Attr.REQUESTED_ADDRESS_FAMILY))).toBe(6);
    expect(decodeRequestedTransport(r, r.find(Attr.REQUESTED_TRANSPORT))).toBe(17);
    expect(decodeReservationToken(r, r.find(Attr.RESERVATION_TOKEN))).toBe('0102030405060708');
    expect(decodeSoftware(r, r.find(Attr.SOFTWARE))).toBe('camrelay');
    expect(decodeUsername(r, r.find(Attr.USERNAME))).toBe('alice');
  });

  it('wrong value lengths decode to undefined', () => {
    const r = build((w) => {
      w.raw(Attr.CHANNEL_NUMBER, Buffer.alloc(2));
      w.raw(Attr.LIFETIME, Buffer.alloc(3));
      w.raw(Attr.REQUESTED_TRANSPORT, Buffer.alloc(1));
      w.raw(Attr.RESERVATION_TOKEN, Buffer.alloc(4));
      w.raw(Attr.REQUESTED_ADDRESS_FAMILY, Buffer.alloc(2));
      w.raw(Attr.XOR_PEER_ADDRESS, Buffer.from([0, 1, 0, 0, 1, 2, 3]));
      w.raw(Attr.EVEN_PORT, Buffer.alloc(0));
      w.raw(Attr.PASSWORD_ALGORITHMS, Buffer.from([0, 1, 0, 9]));
      w.raw(Attr.USERNAME, Buffer.alloc(600, 0x61));
    });
    expect(decodeChannelNumber(r, r.find(Attr.CHANNEL_NUMBER))).toBeUndefined();
    expect(decodeLifetime(r, r.find(Attr.LIFETIME))).toBeUndefined();
    expect(decodeRequestedTransport(r, r.find(Attr.REQUESTED_TRANSPORT))).toBeUndefined();
    expect(decodeReservationToken(r, r.find(Attr.RESERVATION_TOKEN))).toBeUndefined();
    expect(decodeRequestedAddressFamily(r, r.find(Attr.REQUESTED_ADDRESS_FAMILY))).toBeUndefined();
    expect(decodeXorAddress(r, r.find(Attr.XOR_PEER_ADDRESS))).toBeUndefined();
    expect(decodeEvenPort(r, r.find(Attr.EVEN_PORT))).toBeUndefined();
    expect(decodePasswordAlgorithms(r, r.find(Attr.PASSWORD_ALGORITHMS))).toBeUndefined();
    expect(decodeUsername(r, r.find(Attr.USERNAME))).toBeUndefined();
  });

  it('an unknown address family value is 0 (440), not malformed', () => {
    const r = build((w) => w.raw(Attr.REQUESTED_ADDRESS_FAMILY, Buffer.from([3, 0, 0, 0])));
    expect(decodeRequestedAddressFamily(r, r.find(Attr.REQUESTED_ADDRESS_FAMILY))).toBe(0);
  });

  it('attributes after MESSAGE-INTEGRITY are ignored, except SHA256 and FINGERPRINT', () => {
    const r = build((w) => {
      encodeUsername(w, 'a');
      w.integrity(Buffer.from('k'));
      encodeRealm(w, 'ignored');
      w.integritySha256(Buffer.from('k'));
      w.fingerprint();
    });
    expect(r.find(Attr.REALM)).toBe(-1);
    expect(r.integrity).toBeGreaterThan(0);
    expect(r.integritySha256).toBeGreaterThan(r.integrity);
    expect(r.fingerprint).toBeGreaterThan(r.integritySha256);
  });

  it('unknownRequired lists comprehension-required types we do not know, once each', () => {
    const r = build((w) => {
      w.raw(0x0030, Buffer.alloc(4));
      w.raw(0x0030, Buffer.alloc(4));
      w.raw(0x8030, Buffer.alloc(4));
      encodeUsername(w, 'a');
    });
    expect(r.unknownRequired(new Set([Attr.USERNAME]))).toEqual([0x0030]);
    expect(r.unknownRequired(new Set([Attr.USERNAME, 0x0030]))).toBeUndefined();
  });
});
