// AAC RTP depacketizer for `mpeg4-generic` (RFC 3640) in AAC-hbr / AAC-lbr mode: AU headers
// (sizeLength / indexLength / indexDeltaLength, optional CTS/DTS deltas, RAP and stream-state
// bits, auxiliary section), several access units per packet, one access unit fragmented across
// packets. AU interleaving (non-zero index deltas) is rejected. Output is raw access units or
// ADTS-framed ones; each frame is allocated once. fmtp values are trimmed of a trailing `;`
// (Reolink) and whitespace.
import { RtspError } from '../error';
import { adtsTemplate, channelCount, parseAudioSpecificConfig, writeAdts } from './aac-config';
import type {
  AudioFrame,
  AudioParameters,
  Depacketizer,
  DepacketizerOptions,
  Frame,
  MediaDescription,
  RtpPacket,
} from './types';

interface AuHeaderLayout {
  sizeLength: number;
  indexLength: number;
  indexDeltaLength: number;
  ctsDeltaLength: number;
  dtsDeltaLength: number;
  randomAccessIndication: boolean;
  streamStateIndication: number;
  auxiliaryDataSizeLength: number;
}

type State =
  | { kind: 'idle' }
  | {
      kind: 'fragment';
      timestamp: number;
      receivedAt: number;
      size: number;
      filled: number;
      /** Whole frame buffer (ADTS header included when asked). */
      data: Buffer;
      offset: number;
      /** A sequence gap preceded the first fragment: it may not be the AU's start. */
      afterLoss: boolean;
    }
  | { kind: 'skipping'; timestamp: number };

const IDLE: State = { kind: 'idle' };
const MAX_AUS_PER_PACKET = 256;

/** Reads `n` (<= 32) bits MSB-first at bit offset `bit` (the caller checks bounds). */
function readBits(p: Buffer, bit: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const b = bit + i;
    v = v * 2 + ((p[b >> 3]! >> (7 - (b & 7))) & 1);
  }
  return v;
}

/** An fmtp value, trimmed of whitespace and trailing `;` (Reolink). */
export function fmtpValue(fmtp: Record<string, string>, key: string): string | undefined {
  const v = fmtp[key]?.trim().replace(/[;\s]+$/, '');
  return v === '' ? undefined : v;
}

function fmtpInt(fmtp: Record<string, string>, key: string): number | undefined | string {
  const v = fmtpValue(fmtp, key);
  if (v === undefined) return undefined;
  return /^\d{1,3}$/.test(v) ? Number(v) : `fmtp ${key}=${v} is not a small integer`;
}

export class AacDepacketizer implements Depacketizer {
  readonly parameters: AudioParameters;
  private state: State = IDLE;
  private readonly ready: AudioFrame[] = [];
  private pendingLoss = 0;
  private readonly sizes = new Int32Array(MAX_AUS_PER_PACKET);
  private readonly auDuration: number;
  private readonly adts: Buffer | undefined;

  constructor(
    private readonly streamIndex: number,
    private readonly clockRate: number,
    private readonly layout: AuHeaderLayout,
    parameters: AudioParameters,
    adts: Buffer | undefined,
  ) {
    this.parameters = parameters;
    this.adts = adts;
    this.auDuration = Math.round((parameters.frameLength! * clockRate) / parameters.sampleRate);
  }

  pull(): Frame | undefined {
    return this.ready.shift();
  }

  push(pkt: RtpPacket): RtspError | undefined {
    let st = this.state;
    if (pkt.loss > 0) {
      this.pendingLoss += pkt.loss;
      if (st.kind === 'fragment') {
        // The rest of this fragmented AU is useless; a new timestamp may start a new one.
        st = this.state =
          st.timestamp === pkt.timestamp ? { kind: 'skipping', timestamp: st.timestamp } : IDLE;
      }
    }
    if (st.kind === 'skipping') {
      if (st.timestamp === pkt.timestamp) return undefined;
      st = this.state = IDLE;
    }
    const p = pkt.payload;
    const L = this.layout;
    if (p.length < 2) return this.fail(pkt, 'payload shorter than the AU-headers-length field');
    const headerBits = p.readUInt16BE(0);
    let dataStart = 2 + Math.ceil(headerBits / 8);
    if (dataStart > p.length) return this.fail(pkt, `AU headers of ${headerBits} bits exceed the payload`);
    if (L.auxiliaryDataSizeLength > 0) {
      const auxBit = dataStart * 8;
      if (auxBit + L.auxiliaryDataSizeLength > p.length * 8)
        return this.fail(pkt, 'auxiliary section truncated');
      const auxBits = readBits(p, auxBit, L.auxiliaryDataSizeLength);
      dataStart += Math.ceil((L.auxiliaryDataSizeLength + auxBits) / 8);
      if (dataStart > p.length) return this.fail(pkt, 'auxiliary data exceeds the payload');
    }
    // AU headers.
    const end = 16 + headerBits;
    let bit = 16;
    let count = 0;
    while (end - bit >= L.sizeLength && L.sizeLength > 0) {
      if (count === MAX_AUS_PER_PACKET)
        return this.fail(pkt, `more than ${MAX_AUS_PER_PACKET} AUs in a packet`);
      const size = readBits(p, bit, L.sizeLength);
      bit += L.sizeLength;
      const indexBits = count === 0 ? L.indexLength : L.indexDeltaLength;
      const index = bit + indexBits <= end ? readBits(p, bit, indexBits) : 0;
      bit += indexBits;
      if (count > 0 && index !== 0)
        return this.fail(pkt, 'AU interleaving (non-zero AU-Index-delta) is not supported');
      if (L.ctsDeltaLength > 0 && readBits(p, bit++, 1)) bit += L.ctsDeltaLength;
      if (L.dtsDeltaLength > 0 && readBits(p, bit++, 1)) bit += L.dtsDeltaLength;
      if (L.randomAccessIndication) bit++;
      bit += L.streamStateIndication;
      if (bit > end) return this.fail(pkt, 'AU header truncated');
      this.sizes[count++] = size;
    }
    if (count === 0) return this.fail(pkt, 'packet has no AU headers');
    const avail = p.length - dataStart;
    const first = this.sizes[0]!;
    if (count === 1 && first > avail) return this.fragment(pkt, first, dataStart);
    // A fragmented AU left unfinished without loss: report it, keep this packet's AUs.
    const abandoned =
      st.kind === 'fragment' && !st.afterLoss ? this.error(pkt, 'fragmented AU abandoned') : undefined;
    this.state = IDLE;
    let o = dataStart;
    for (let i = 0; i < count; i++) {
      const size = this.sizes[i]!;
      if (o + size > p.length) return this.fail(pkt, `AU ${i} of ${size} bytes exceeds the payload`);
      const out = this.allocFrame(size);
      p.copy(out.data, out.offset, o, o + size);
      this.emit(pkt.timestamp + i * this.auDuration, pkt.receivedAt, out.data);
      o += size;
    }
    return abandoned;
  }

  private allocFrame(size: number): { data: Buffer; offset: number } {
    if (!this.adts) return { data: Buffer.allocUnsafe(size), offset: 0 };
    const data = Buffer.allocUnsafe(size + 7);
    writeAdts(this.adts, data, 0, size);
    return { data, offset: 7 };
  }

  private fragment(pkt: RtpPacket, size: number, dataStart: number): RtspError | undefined {
    const p = pkt.payload;
    let st = this.state;
    let abandoned: RtspError | undefined;
    if (st.kind !== 'fragment' || st.timestamp !== pkt.timestamp || st.size !== size) {
      if (st.kind === 'fragment' && !st.afterLoss) abandoned = this.error(pkt, 'fragmented AU abandoned');
      const frame = this.allocFrame(size);
      st = this.state = {
        kind: 'fragment',
        timestamp: pkt.timestamp,
        receivedAt: pkt.receivedAt,
        size,
        filled: 0,
        data: frame.data,
        offset: frame.offset,
        afterLoss: pkt.loss > 0,
      };
    }
    const n = p.length - dataStart;
    if (st.filled + n > size) return this.fail(pkt, `AU fragments exceed the AU size ${size}`);
    p.copy(st.data, st.offset + st.filled, dataStart);
    st.filled += n;
    if (st.filled === size) {
      this.state = IDLE;
      this.emit(st.timestamp, st.receivedAt, st.data);
    } else if (pkt.marker) {
      const afterLoss = st.afterLoss;
      this.state = IDLE;
      if (!afterLoss) return this.error(pkt, `fragmented AU ended at ${st.filled} of ${size} bytes`);
    }
    return abandoned;
  }

  private emit(timestamp: number, receivedAt: number, data: Buffer): void {
    this.ready.push({
      kind: 'audio',
      streamIndex: this.streamIndex,
      timestamp,
      clockRate: this.clockRate,
      loss: this.pendingLoss,
      receivedAt,
      data,
      frameLength: this.parameters.frameLength!,
    });
    this.pendingLoss = 0;
  }

  /** Drops the packet and any partial AU, skipping the rest of this timestamp's packets. */
  private fail(pkt: RtpPacket, description: string): RtspError {
    this.state = pkt.marker ? IDLE : { kind: 'skipping', timestamp: pkt.timestamp };
    return this.error(pkt, description);
  }

  private error(pkt: RtpPacket, description: string): RtspError {
    return new RtspError('codec', `AAC: ${description}`, { sequence: pkt.sequence, ssrc: pkt.ssrc });
  }
}

/** Builds an AAC depacketizer from the SDP, or says why it can't. */
export function createAacDepacketizer(
  media: MediaDescription,
  streamIndex: number,
  options?: DepacketizerOptions,
): AacDepacketizer | string {
  const f = media.fmtp;
  const mode = fmtpValue(f, 'mode')?.toLowerCase();
  if (mode !== undefined && mode !== 'aac-hbr' && mode !== 'aac-lbr') {
    return `mpeg4-generic mode '${fmtpValue(f, 'mode')}' is not supported (only AAC-hbr and AAC-lbr)`;
  }
  const ints: Record<string, number> = {};
  for (const k of [
    'sizelength',
    'indexlength',
    'indexdeltalength',
    'ctsdeltalength',
    'dtsdeltalength',
    'randomaccessindication',
    'streamstateindication',
    'auxiliarydatasizelength',
  ]) {
    const v = fmtpInt(f, k);
    if (typeof v === 'string') return `AAC: ${v}`;
    ints[k] = v ?? 0;
  }
  const defaults = mode === 'aac-lbr' ? [6, 2, 2] : [13, 3, 3];
  const layout: AuHeaderLayout = {
    sizeLength: fmtpValue(f, 'sizelength') ? ints.sizelength! : defaults[0]!,
    indexLength: fmtpValue(f, 'indexlength') ? ints.indexlength! : defaults[1]!,
    indexDeltaLength: fmtpValue(f, 'indexdeltalength') ? ints.indexdeltalength! : defaults[2]!,
    ctsDeltaLength: ints.ctsdeltalength!,
    dtsDeltaLength: ints.dtsdeltalength!,
    randomAccessIndication: ints.randomaccessindication === 1,
    streamStateIndication: ints.streamstateindication!,
    auxiliaryDataSizeLength: ints.auxiliarydatasizelength!,
  };
  if (layout.sizeLength < 1 || layout.sizeLength > 16)
    return `AAC: sizeLength ${layout.sizeLength} is not supported`;
  if (
    [layout.indexLength, layout.indexDeltaLength, layout.ctsDeltaLength, layout.dtsDeltaLength].some(
      (n) => n > 32,
    )
  ) {
    return 'AAC: AU header field longer than 32 bits';
  }
  const hex = fmtpValue(f, 'config');
  if (!hex) return 'AAC stream without a config (AudioSpecificConfig) in its fmtp is not supported';
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) return `AAC config '${hex}' is not valid hex`;
  const asc = Buffer.from(hex, 'hex');
  const config = parseAudioSpecificConfig(asc);
  if (typeof config === 'string') return `AAC config ${hex}: ${config}`;
  let adts: Buffer | undefined;
  if (options?.aacFraming === 'adts') {
    const t = adtsTemplate(config);
    if (typeof t === 'string') return `AAC config ${hex}: ${t}`;
    adts = t;
  }
  const clockRate = media.clockRate || config.sampleRate;
  // With explicit SBR the RTP clock usually runs at the output rate: 2x samples per AU.
  const sbrOutput = config.extensionSampleRate !== undefined && clockRate === config.extensionSampleRate;
  const parameters: AudioParameters = {
    kind: 'audio',
    codec: 'aac',
    rfc6381Codec: `mp4a.40.${config.objectType}`,
    sampleRate: sbrOutput ? config.extensionSampleRate! : config.sampleRate,
    channels: channelCount(config.channelConfiguration) ?? media.channels ?? 1,
    extraData: asc,
    frameLength: sbrOutput ? config.frameLength * 2 : config.frameLength,
  };
  return new AacDepacketizer(streamIndex, clockRate, layout, parameters, adts);
}
