// The data path's per-allocation cache of peer address encodings, so that a steady flow to and
// from one peer decodes and encodes its XOR-PEER-ADDRESS once, not per packet. Owned by the
// data path (an allocation only holds it); made on an allocation's first relayed packet.
import { formatIpv4, formatIpv6, writeIp } from '../stun/address';
import { Attr, MAGIC_COOKIE } from '../stun/constants';

const COOKIE_HI = MAGIC_COOKIE >>> 16;

export class PeerCache {
  /** The last Send indication's XOR-PEER-ADDRESS value (bytes 0-19), as received. */
  private readonly sendValue = Buffer.alloc(20);
  /** Its length when reusable (IPv4 only: IPv6 also depends on the transaction id), else 0. */
  private sendLen = 0;
  /** The peer the last Send indication named. */
  sendIp = '';
  sendPort = 0;
  /** XOR-PEER-ADDRESS attribute of Data indications to dataIp/dataPort (type, length, value). */
  readonly dataAttr = Buffer.alloc(24);
  dataAttrLen = 0;
  private dataIp = '';
  private dataPort = -1;

  /**
   * Decodes the XOR-PEER-ADDRESS value at `buf[off, off + len)` of a Send indication (family
   * checked by the caller) into sendIp / sendPort, unless it is the one decoded last time.
   */
  sendPeer(buf: Buffer, off: number, len: number, ipv4: boolean): void {
    const x = this.sendValue;
    if (len === this.sendLen && buf.compare(x, 0, len, off, off + len) === 0) return;
    buf.copy(x, 0, off, off + len);
    this.sendLen = ipv4 ? len : 0;
    const n = len - 4;
    const plain = Buffer.allocUnsafe(n);
    for (let k = 0; k < n; k++) plain[k] = x[4 + k]! ^ buf[4 + k]!;
    this.sendIp = n === 4 ? formatIpv4(plain, 0) : formatIpv6(plain, 0);
    this.sendPort = ((x[2]! << 8) | x[3]!) ^ COOKIE_HI;
  }

  /** Makes dataAttr the XOR-PEER-ADDRESS for `ip`:`port` under transaction id `tid`, unless it is. */
  dataPeer(ip: string, port: number, tid: Buffer): void {
    if (ip === this.dataIp && port === this.dataPort) return;
    const out = this.dataAttr;
    const raw = Buffer.allocUnsafe(16);
    const fam = writeIp(ip, raw, 0);
    const n = fam === 6 ? 16 : 4;
    out.writeUInt16BE(Attr.XOR_PEER_ADDRESS, 0);
    out.writeUInt16BE(4 + n, 2);
    out[4] = 0;
    out[5] = n === 4 ? 0x01 : 0x02;
    out.writeUInt16BE((port ^ COOKIE_HI) & 0xffff, 6);
    const xor = Buffer.allocUnsafe(16);
    xor.writeUInt32BE(MAGIC_COOKIE, 0);
    tid.copy(xor, 4);
    for (let k = 0; k < n; k++) out[8 + k] = raw[k]! ^ xor[k]!;
    this.dataAttrLen = 8 + n;
    this.dataIp = ip;
    this.dataPort = port;
  }
}
