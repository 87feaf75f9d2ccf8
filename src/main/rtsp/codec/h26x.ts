// The access-unit assembler shared by H.264 (RFC 6184) and H.265 (RFC 7798): single NAL unit
// packets, aggregation packets (STAP-A / AP) and fragmentation units (FU-A / FU). What differs
// between the two codecs (header size, packet types, NAL classes, parameter sets) comes from an
// `H26xSyntax`. Access-unit boundaries: the marker bit, a timestamp change, or an AUD after a
// VCL NAL unit (parameter sets and SEI repeated between slices of one picture stay in it).
// Tolerated field quirks are listed in h264.ts. Syntax tables and settings are in h26x-syntax.ts;
// frame serialisation (with parameter-set insertion) is in h26x-frame.ts.
import { RtspError } from '../error';
import { findStartCode } from './annex-b';
import { writeAccessUnit } from './h26x-frame';
import {
  AUD,
  BEGINS_AU,
  type H26xSettings,
  type H26xSyntax,
  RAP,
  type SdpParameterSets,
  VCL,
} from './h26x-syntax';
import { AU_TOO_LARGE, NalArena } from './nal-arena';
import { ParameterSets } from './parameter-sets';
import type {
  Depacketizer,
  DepacketizerOptions,
  Frame,
  MediaDescription,
  NalFraming,
  ParameterSetInsertion,
  RtpPacket,
  VideoFrame,
  VideoParameters,
} from './types';

type State =
  | { kind: 'idle' }
  | {
      kind: 'accumulating';
      timestamp: number;
      receivedAt: number;
      /** A VCL NAL unit has been closed in this access unit. */
      hasVcl: boolean;
      /** A fragmented NAL unit is open. */
      inFragment: boolean;
      /** The access unit began right after a sequence gap: a missing FU start is expected. */
      lossAtStart: boolean;
    }
  | { kind: 'skipping'; timestamp: number };

type Accumulating = Extract<State, { kind: 'accumulating' }>;

const IDLE: State = { kind: 'idle' };
/** Returned by parsers: drop the rest of this access unit silently (explained by loss). */
const SKIP = Symbol('skip');
type ParseResult = string | typeof SKIP | undefined;

/** A depacketizer for one H.264/H.265 stream, seeded with the SDP's parameter sets. */
export function createH26xDepacketizer(
  syntax: H26xSyntax,
  sdp: SdpParameterSets,
  media: MediaDescription,
  streamIndex: number,
  options?: DepacketizerOptions,
): H26xDepacketizer {
  const d = new H26xDepacketizer(syntax, {
    streamIndex,
    payloadType: media.payloadType,
    clockRate: media.clockRate || 90_000,
    ...(options ? { options } : {}),
    ...(sdp.sets ? { initialSets: sdp.sets } : {}),
    ...(sdp.parameters ? { initialParameters: sdp.parameters } : {}),
  });
  d.sdpParameterProblem = sdp.problem;
  return d;
}

export class H26xDepacketizer implements Depacketizer {
  /** Packets ignored because their payload type is not the stream's (Geovision). */
  ignoredPackets = 0;
  /** Why the SDP parameter sets were ignored, if they were (then in-band ones are used). */
  sdpParameterProblem: string | undefined;

  private state: State = IDLE;
  private readonly arena: NalArena;
  private readonly ready: VideoFrame[] = [];
  private readyHead = 0;
  private pendingLoss = 0;
  private receivedAt = 0;
  private readonly paramSets: ParameterSets;
  private readonly framing: NalFraming;
  private readonly insertion: ParameterSetInsertion;

  constructor(
    private readonly syntax: H26xSyntax,
    private readonly settings: H26xSettings,
  ) {
    this.arena = new NalArena(settings.maxFrameBytes ?? 8 * 1024 * 1024);
    this.framing = settings.options?.nalFraming ?? 'length-prefixed';
    this.insertion = settings.options?.parameterSets ?? 'never';
    this.paramSets = new ParameterSets(
      syntax.slotCount,
      syntax.buildParameters,
      settings.initialSets,
      settings.initialParameters,
    );
  }

  get parameters(): VideoParameters | undefined {
    return this.paramSets.parameters;
  }

  /** Bytes held for the access unit in progress (bounded by maxFrameBytes). */
  get bufferedBytes(): number {
    return this.arena.used;
  }

  pull(): Frame | undefined {
    if (this.readyHead < this.ready.length) {
      const f = this.ready[this.readyHead]!;
      this.ready[this.readyHead++] = undefined as unknown as VideoFrame;
      return f;
    }
    this.ready.length = 0;
    this.readyHead = 0;
    return undefined;
  }

  push(pkt: RtpPacket): RtspError | undefined {
    let st = this.state;
    this.receivedAt = pkt.receivedAt;
    if (pkt.loss > 0) {
      this.pendingLoss += pkt.loss;
      if (st.kind === 'accumulating') this.arena.reset();
      if (st.kind !== 'idle' && st.timestamp === pkt.timestamp) {
        // Loss inside this access unit: ignore the rest of it.
        this.state = pkt.marker ? IDLE : { kind: 'skipping', timestamp: pkt.timestamp };
        return undefined;
      }
      // A suffix of the previous access unit was lost; this packet may begin the next one.
      st = this.state = IDLE;
    } else if (st.kind === 'skipping') {
      if (st.timestamp === pkt.timestamp) {
        if (pkt.marker) this.state = IDLE;
        return undefined;
      }
      st = this.state = IDLE;
    }
    if (pkt.payloadType !== this.settings.payloadType) {
      this.ignoredPackets++;
      return undefined;
    }
    if (st.kind === 'accumulating' && st.timestamp !== pkt.timestamp) {
      if (st.inFragment) return this.fail(pkt, 'timestamp changed inside a fragmented NAL unit');
      if (st.hasVcl) {
        const e = this.finish(st, this.arena.count);
        if (e) return this.fail(pkt, e);
        st = IDLE;
      } else {
        // Only parameter sets / SEI so far: they belong with the next picture (Reolink).
        st.timestamp = pkt.timestamp;
      }
    }
    if (st.kind !== 'accumulating') {
      st = this.state = {
        kind: 'accumulating',
        timestamp: pkt.timestamp,
        receivedAt: pkt.receivedAt,
        hasVcl: false,
        inFragment: false,
        lossAtStart: pkt.loss > 0,
      };
    }
    const r = this.parsePayload(pkt.payload, st);
    if (r === SKIP) {
      this.arena.reset();
      this.state = pkt.marker ? IDLE : { kind: 'skipping', timestamp: pkt.timestamp };
      return undefined;
    }
    if (r !== undefined) return this.fail(pkt, r);
    if (pkt.marker) {
      // A marker on a parameter set / SEI (no VCL yet) does not end the access unit.
      if (st.inFragment) return this.fail(pkt, 'marker bit set inside a fragmented NAL unit');
      if (st.hasVcl) {
        const e = this.finish(st, this.arena.count);
        if (e) return this.fail(pkt, e);
        this.state = IDLE;
      }
    }
    return undefined;
  }

  private fail(pkt: RtpPacket, description: string): RtspError {
    this.arena.reset();
    this.state = pkt.marker ? IDLE : { kind: 'skipping', timestamp: pkt.timestamp };
    return new RtspError('codec', `${this.syntax.name}: ${description}`, {
      sequence: pkt.sequence,
      ssrc: pkt.ssrc,
    });
  }

  private parsePayload(p: Buffer, st: Accumulating): ParseResult {
    const syntax = this.syntax;
    const hl = syntax.headerLength;
    if (p.length < hl) return p.length === 0 ? 'empty payload' : 'payload shorter than a NAL header';
    const b0 = p[0]!;
    if (b0 & 0x80) return `NAL header ${b0.toString(16).padStart(2, '0')} has the forbidden bit set`;
    const type = syntax.nalType(b0);
    if (type === syntax.fragmentationType) return this.parseFragment(p, st);
    if (st.inFragment) return 'unfragmented packet while a fragmented NAL unit is in progress';
    if (type === syntax.aggregationType) return this.parseAggregation(p);
    const why = syntax.rejectPacket(type, p);
    if (why) return why;
    this.arena.openNal();
    return this.appendData(p, 0, p.length) ?? this.endNal();
  }

  /** STAP-A (RFC 6184 5.7.1) / AP (RFC 7798 4.4.2): [u16 size][NAL unit]... */
  private parseAggregation(p: Buffer): ParseResult {
    let o = this.syntax.headerLength;
    const n = p.length;
    if (o >= n) return 'aggregation packet with no NAL units';
    while (o < n) {
      if (o + 2 > n) return `aggregation packet has ${n - o} trailing byte(s)`;
      const size = p.readUInt16BE(o);
      o += 2;
      if (size === 0) return 'aggregation packet with a zero-length NAL unit';
      if (o + size > n) return `aggregation packet truncated: NAL unit of ${size} bytes, ${n - o} left`;
      this.arena.openNal();
      const e = this.appendData(p, o, o + size) ?? this.endNal();
      if (e) return e;
      o += size;
    }
    return undefined;
  }

  /** FU-A (RFC 6184 5.8) / FU (RFC 7798 4.4.3). */
  private parseFragment(p: Buffer, st: Accumulating): ParseResult {
    const hl = this.syntax.headerLength;
    if (p.length < hl + 1) return 'fragmentation unit shorter than its headers';
    const fu = p[hl]!;
    const start = (fu & 0x80) !== 0;
    const end = (fu & 0x40) !== 0;
    // The reserved bit (H.264, Longse) is ignored; a type change after the start is ignored
    // (the start fragment's header is kept); empty fragments and S+E together are accepted.
    if (start) {
      if (st.inFragment) return 'fragmentation unit start while another fragmented NAL unit is open';
      const a = this.arena;
      a.openNal();
      if (hl === 1) {
        a.appendByte((p[0]! & 0xe0) | (fu & 0x1f));
      } else {
        a.appendByte((p[0]! & 0x81) | ((fu & 0x3f) << 1));
        a.appendByte(p[1]!);
      }
      st.inFragment = true;
    } else if (!st.inFragment) {
      return st.lossAtStart ? SKIP : 'fragmentation unit continuation without a start fragment';
    }
    const e = this.appendData(p, hl + 1, p.length);
    if (e) return e;
    if (end) {
      st.inFragment = false;
      return this.endNal();
    }
    return undefined;
  }

  /**
   * Appends NAL bytes `p[from, to)` to the open NAL unit, splitting on Annex B start codes
   * (some cameras put them inside RTP payloads), including one split across fragments.
   */
  private appendData(p: Buffer, from: number, to: number): string | undefined {
    const a = this.arena;
    if (from >= to) return undefined;
    if (a.used > a.open && a.buf[a.used - 1] === 0) {
      const z = a.openTrailingZeros();
      let skip = 0;
      if (z >= 2 && p[from] === 1) skip = 1;
      else if (z === 1 && from + 1 < to && p[from] === 0 && p[from + 1] === 1) skip = 2;
      if (skip) {
        const e = this.endNal();
        if (e) return e;
        a.openNal();
        from += skip;
      }
    }
    let i = from;
    while (i < to) {
      const sc = findStartCode(p, i, to);
      if (sc < 0) break;
      if (!a.append(p, i, sc)) return this.tooLarge();
      const e = this.endNal();
      if (e) return e;
      a.openNal();
      i = sc + 3;
    }
    if (!a.append(p, i, to)) return this.tooLarge();
    return undefined;
  }

  private tooLarge(): string {
    return `${AU_TOO_LARGE} (over ${this.arena.maxBytes} bytes); dropped`;
  }

  /** Closes the open NAL unit; an AUD / parameter set / SEI after a VCL ends the access unit. */
  private endNal(): string | undefined {
    const a = this.arena;
    const i = a.closeNal();
    if (i === -1) return undefined;
    if (i === -2) return `access unit has more than ${a.maxNals} NAL units; dropped`;
    const st = this.state as Accumulating;
    const flags = this.syntax.flags[this.syntax.nalType(a.buf[a.starts[i]!]!)]!;
    if (flags & BEGINS_AU && st.hasVcl) {
      const e = this.finish(st, i);
      if (e) return e;
      st.hasVcl = false;
      st.receivedAt = this.receivedAt;
    }
    if (flags & VCL) st.hasVcl = true;
    return undefined;
  }

  /** Emits NAL units [0, count) as a frame and removes them from the arena. */
  private finish(st: Accumulating, count: number): string | undefined {
    const { arena: a, syntax } = this;
    const buf = a.buf;
    let rap = false;
    let disposable = true;
    let present = 0;
    for (let i = 0; i < count; i++) {
      const s = a.starts[i]!;
      const b0 = buf[s]!;
      const type = syntax.nalType(b0);
      const f = syntax.flags[type]!;
      if (f & VCL) {
        if (f & RAP) rap = true;
        if (!syntax.isDisposable(b0, type)) disposable = false;
        continue;
      }
      const slot = syntax.slots[type]!;
      if (slot === 255) continue;
      present |= 1 << slot;
      this.paramSets.observe(slot, buf, s, a.ends[i]!);
    }
    const committed = this.paramSets.commit();
    if (typeof committed === 'string') {
      a.dropPrefix(count);
      return `in-band parameter sets rejected: ${committed}`;
    }
    const hasNewParameters = committed;
    const insertMask = rap ? this.paramSets.insertMask(present, this.insertion) : 0;
    const audFirst =
      insertMask !== 0 && count > 0 && (syntax.flags[syntax.nalType(buf[a.starts[0]!]!)]! & AUD) !== 0;
    const data = writeAccessUnit(a, count, this.paramSets.sets, insertMask, audFirst, this.framing);
    a.dropPrefix(count);
    this.ready.push({
      kind: 'video',
      streamIndex: this.settings.streamIndex,
      timestamp: st.timestamp,
      clockRate: this.settings.clockRate,
      loss: this.pendingLoss,
      receivedAt: st.receivedAt,
      data,
      isRandomAccessPoint: rap,
      hasNewParameters,
      isDisposable: disposable,
    });
    this.pendingLoss = 0;
    return undefined;
  }
}
