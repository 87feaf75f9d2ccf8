// UDP media sockets: an even RTP port and the next odd RTCP port, bound together; holes
// opened toward the server with a dummy RTP packet and an empty RTCP RR. ICMP errors that
// such packets provoke are ignored.
import dgram from 'node:dgram';
import net from 'node:net';
import { RtspError } from './error';

export interface UdpReceiver {
  udpRtp(msg: Buffer): void;
  udpRtcp(msg: Buffer): void;
}

export class UdpPair {
  private peer: { address: string; rtpPort: number; rtcpPort: number } | undefined;
  /** Datagrams from an address other than the server's. */
  foreign = 0;
  receiver: UdpReceiver | undefined;

  private constructor(
    readonly rtp: dgram.Socket,
    readonly rtcp: dgram.Socket,
    readonly rtpPort: number,
  ) {
    rtp.on('message', (msg, rinfo) => {
      if (!this.accept(rinfo)) return;
      this.receiver?.udpRtp(msg);
    });
    rtcp.on('message', (msg, rinfo) => {
      if (!this.accept(rinfo)) return;
      this.receiver?.udpRtcp(msg);
    });
    // ICMP port-unreachable from hole punching surfaces as errors on connected sockets: ignore.
    rtp.on('error', () => {});
    rtcp.on('error', () => {});
  }

  private accept(rinfo: dgram.RemoteInfo): boolean {
    const p = this.peer;
    if (p === undefined || sameAddress(rinfo.address, p.address)) return true;
    this.foreign++;
    return false;
  }

  /** Binds an even/odd pair on `family`'s wildcard address. */
  static async bind(family: 4 | 6, range?: [number, number], tries = 20): Promise<UdpPair> {
    const type = family === 6 ? 'udp6' : 'udp4';
    let lastErr: unknown;
    for (let i = 0; i < tries; i++) {
      let port = 0;
      if (range) {
        const span = Math.floor((range[1] - range[0]) / 2);
        port = (range[0] + 2 * Math.floor(Math.random() * Math.max(1, span))) & ~1;
      }
      const rtp = dgram.createSocket({ type, reuseAddr: false });
      try {
        await bindSocket(rtp, port);
        const got = rtp.address().port;
        if (got % 2 !== 0) {
          rtp.close();
          continue;
        }
        const rtcp = dgram.createSocket({ type, reuseAddr: false });
        try {
          await bindSocket(rtcp, got + 1);
        } catch (e) {
          lastErr = e;
          rtcp.close();
          rtp.close();
          continue;
        }
        return new UdpPair(rtp, rtcp, got);
      } catch (e) {
        lastErr = e;
        try {
          rtp.close();
        } catch {
          /* already closed */
        }
      }
    }
    throw new RtspError(
      'network',
      `could not bind an even/odd UDP port pair: ${String(lastErr ?? 'odd ports only')}`,
    );
  }

  get rtcpPort(): number {
    return this.rtpPort + 1;
  }

  /** Sets the server's address and ports and sends the hole-punching packets. */
  connectTo(address: string, rtpPort: number, rtcpPort: number, payloadType: number): void {
    this.peer = { address, rtpPort, rtcpPort };
    const dummyRtp = Buffer.alloc(12);
    dummyRtp[0] = 0x80;
    dummyRtp[1] = payloadType & 0x7f;
    const emptyRr = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 0]);
    this.rtp.send(dummyRtp, rtpPort, address, () => {});
    this.rtcp.send(emptyRr, rtcpPort, address, () => {});
  }

  sendRtcp(buf: Buffer): void {
    const p = this.peer;
    if (p) this.rtcp.send(buf, p.rtcpPort, p.address, () => {});
  }

  close(): void {
    this.receiver = undefined;
    for (const s of [this.rtp, this.rtcp]) {
      try {
        s.close();
      } catch {
        /* already closed */
      }
    }
  }
}

function bindSocket(s: dgram.Socket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onErr = (e: Error) => reject(e);
    s.once('error', onErr);
    s.bind(port, () => {
      s.removeListener('error', onErr);
      resolve();
    });
  });
}

function sameAddress(a: string, b: string): boolean {
  const strip = (x: string) => (x.startsWith('::ffff:') && net.isIPv4(x.slice(7)) ? x.slice(7) : x);
  return strip(a) === strip(b);
}
