// Big-endian byte helpers and error values shared by the media message encoders and
// decoders. No allocation: one shared scratch view for floats. Not re-exported by media.ts.
import type { MediaWireError } from './media-types';

const scratch = new DataView(new ArrayBuffer(8));

export function putU16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}
export function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}
export function putF64(b: Uint8Array, o: number, v: number): void {
  scratch.setFloat64(0, v);
  for (let i = 0; i < 8; i++) b[o + i] = scratch.getUint8(i);
}
export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
export function f64(b: Uint8Array, o: number): number {
  for (let i = 0; i < 8; i++) scratch.setUint8(i, b[o + i]!);
  return scratch.getFloat64(0);
}

export const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function err(code: MediaWireError['code'], message: string, offset: number): MediaWireError {
  return { type: 'error', code, message, offset };
}

export function text(b: Uint8Array, from: number): string | undefined {
  try {
    return utf8.decode(b.subarray(from));
  } catch {
    return undefined; // invalid UTF-8: the caller reports a bad field
  }
}
