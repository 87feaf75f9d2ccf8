// The data path's peer cache agrees with the XOR-PEER-ADDRESS codec both ways: what it decodes
// from a Send indication, and what it encodes for a Data indication, for IPv4 and IPv6 peers;
// a new peer or (for IPv6) a new transaction id is decoded again, not answered from the cache.
import { describe, expect, it } from 'vitest';
import { decodeXorAddress, encodeXorAddress } from '../stun/attributes/xor-address';
import { Attr, messageType, StunClass, StunMethod } from '../stun/constants';
import { StunReader } from '../stun/reader';
import { StunWriter } from '../stun/writer';
import { PeerCache } from './peer-cache';

const SEND = messageType(StunMethod.send, StunClass.indication);
const DATA = messageType(StunMethod.data, StunClass.indication);

function sendWith(peer: { address: string; port: number }, tid: Buffer): StunReader {
  const w = new StunWriter();
  w.begin(SEND, tid);
  encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, peer);
  const r = new StunReader();
  expect(r.reset(w.finish())).toBeNull();
  return r;
}

function decodeSend(cache: PeerCache, r: StunReader): { address: string; port: number } {
  const i = r.find(Attr.XOR_PEER_ADDRESS);
  const len = r.valueLength(i);
  cache.sendPeer(r.buf, r.valueOffset(i), len, len === 8);
  return { address: cache.sendIp, port: cache.sendPort };
}

const tid = (n: number) => Buffer.alloc(12, n);
const peers = [
  { address: '198.51.100.7', port: 7000 },
  { address: '198.51.100.8', port: 65535 },
  { address: '2001:db8::7', port: 7000 },
];

describe('PeerCache', () => {
  it('decodes Send indication peers like the codec, again when the peer or the IPv6 id changes', () => {
    const cache = new PeerCache();
    for (const p of [...peers, ...peers]) {
      for (const t of [tid(1), tid(2)]) {
        const r = sendWith(p, t);
        expect(decodeSend(cache, r)).toEqual(p);
        const codec = decodeXorAddress(r, r.find(Attr.XOR_PEER_ADDRESS))!;
        expect({ address: codec.address, port: codec.port }).toEqual(p);
      }
    }
  });

  it('encodes the Data indication peer attribute the codec reads back', () => {
    const cache = new PeerCache();
    const indicationTid = tid(9);
    for (const p of [...peers, peers[0]!]) {
      cache.dataPeer(p.address, p.port, indicationTid);
      const w = new StunWriter();
      w.begin(DATA, indicationTid);
      w.raw(Attr.XOR_PEER_ADDRESS, cache.dataAttr.subarray(4, cache.dataAttrLen));
      const r = new StunReader();
      expect(r.reset(w.finish())).toBeNull();
      const back = decodeXorAddress(r, r.find(Attr.XOR_PEER_ADDRESS))!;
      expect({ address: back.address, port: back.port }).toEqual(p);
    }
  });
});
