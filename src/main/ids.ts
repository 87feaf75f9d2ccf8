import { randomBytes } from 'node:crypto';

/** A short random id with a readable prefix, e.g. `cam_k3j9x0q2vd`. */
export function newId(prefix: string): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (const b of randomBytes(10)) out += alphabet[b % 36];
  return `${prefix}_${out}`;
}
