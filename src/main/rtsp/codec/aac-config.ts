// MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) and ADTS headers (ISO/IEC 13818-7 /
// 14496-3 1.A.2) for the AAC depacketizer.
import { BitReader } from './bit-reader';

export interface AudioSpecificConfig {
  /** audioObjectType as signalled (5 / 29 for HE-AAC / HE-AACv2). */
  objectType: number;
  /** The core (AAC) object type: differs from objectType for explicit SBR/PS. */
  coreObjectType: number;
  samplingFrequencyIndex: number;
  sampleRate: number;
  /** Output rate with SBR, when signalled. */
  extensionSampleRate?: number;
  channelConfiguration: number;
  /** Samples per channel per access unit at the core rate (1024, 960, 512, 480, 256). */
  frameLength: number;
}

const SAMPLE_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];
const GA_OBJECT_TYPES = new Set([1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23]);

function readObjectType(r: BitReader): number {
  const t = r.bits(5);
  return t === 31 ? 32 + r.bits(6) : t;
}

function readRate(r: BitReader): { index: number; rate: number } | string {
  const index = r.bits(4);
  if (index === 15) return { index, rate: r.bits(24) };
  const rate = SAMPLE_RATES[index];
  return rate === undefined ? `reserved sampling frequency index ${index}` : { index, rate };
}

export function parseAudioSpecificConfig(asc: Uint8Array): AudioSpecificConfig | string {
  if (asc.length < 2) return 'AudioSpecificConfig shorter than 2 bytes';
  const r = new BitReader(asc);
  const objectType = readObjectType(r);
  const rate = readRate(r);
  if (typeof rate === 'string') return rate;
  const channelConfiguration = r.bits(4);
  if (channelConfiguration > 7) return `reserved channel configuration ${channelConfiguration}`;
  let coreObjectType = objectType;
  let extensionSampleRate: number | undefined;
  if (objectType === 5 || objectType === 29) {
    const ext = readRate(r);
    if (typeof ext === 'string') return ext;
    extensionSampleRate = ext.rate;
    coreObjectType = readObjectType(r);
    if (coreObjectType === 22) r.skip(4); // extensionChannelConfiguration
  }
  if (!GA_OBJECT_TYPES.has(coreObjectType)) return `audio object type ${coreObjectType} is not supported`;
  const frameLengthFlag = r.bit();
  if (r.overrun) return 'AudioSpecificConfig is truncated';
  let frameLength = frameLengthFlag ? 960 : 1024;
  if (coreObjectType === 23) frameLength = frameLengthFlag ? 480 : 512;
  if (coreObjectType === 3) frameLength = 256;
  const out: AudioSpecificConfig = {
    objectType,
    coreObjectType,
    samplingFrequencyIndex: rate.index,
    sampleRate: rate.rate,
    channelConfiguration,
    frameLength,
  };
  if (extensionSampleRate !== undefined) out.extensionSampleRate = extensionSampleRate;
  return out;
}

/** Channels for a channelConfiguration (0 = given by a program config element: unknown). */
export function channelCount(channelConfiguration: number): number | undefined {
  if (channelConfiguration === 0) return undefined;
  return channelConfiguration === 7 ? 8 : channelConfiguration;
}

/**
 * The fixed part of a 7-byte ADTS header (no CRC) for this config, or why it can't be made:
 * ADTS carries only object types 1-4 (explicit SBR/PS is sent as its AAC core) and rates with
 * a table index.
 */
export function adtsTemplate(c: AudioSpecificConfig): Buffer | string {
  const profile = c.coreObjectType - 1;
  if (profile < 0 || profile > 3) return `object type ${c.coreObjectType} cannot be carried in ADTS`;
  if (c.samplingFrequencyIndex > 12) return `sample rate ${c.sampleRate} cannot be carried in ADTS`;
  const ch = c.channelConfiguration;
  return Buffer.from([
    0xff,
    0xf1, // MPEG-4, layer 0, no CRC
    (profile << 6) | (c.samplingFrequencyIndex << 2) | (ch >> 2),
    (ch & 3) << 6,
    0,
    0x1f, // buffer fullness 0x7FF (VBR)
    0xfc,
  ]);
}

/** Writes an ADTS header for an access unit of `auLength` bytes at `out[o]`. */
export function writeAdts(template: Buffer, out: Buffer, o: number, auLength: number): void {
  const len = auLength + 7;
  template.copy(out, o);
  out[o + 3] = template[3]! | ((len >> 11) & 3);
  out[o + 4] = (len >> 3) & 0xff;
  out[o + 5] = ((len & 7) << 5) | 0x1f;
}
