// Key-frame requests in the RTCP a viewer sends back: PLI (RFC 4585, PT 206 FMT 1) and FIR
// (RFC 5104, PT 206 FMT 4). NACKs are answered by libdatachannel's RtcpNackResponder before
// they reach us. Pure: any bytes in, a boolean out; a malformed compound packet ends the walk.
const PSFB = 206;
const FMT_PLI = 1;
const FMT_FIR = 4;

export function asksForKeyFrame(packet: Uint8Array): boolean {
  let o = 0;
  while (o + 4 <= packet.length) {
    const b0 = packet[o]!;
    if (b0 >> 6 !== 2) return false;
    const pt = packet[o + 1]!;
    const words = (packet[o + 2]! << 8) | packet[o + 3]!;
    const next = o + 4 + words * 4;
    if (next > packet.length) return false;
    if (pt === PSFB) {
      const fmt = b0 & 0x1f;
      if (fmt === FMT_PLI || fmt === FMT_FIR) return true;
    }
    o = next;
  }
  return false;
}
