// Trickle ICE for WHEP (RFC 8840 SDP fragments, `application/trickle-ice-sdpfrag`, sent in a
// PATCH to the session URL as WHIP, RFC 9725 section 4.3.1, describes): the viewer's ICE
// credentials, its candidates per m-section (by a=mid) and a=end-of-candidates. Pure: any
// text in, a fragment or an error value out.
export interface TrickleCandidate {
  /** The m-section the candidate belongs to (its a=mid). */
  mid: string;
  /** The attribute value without `a=`: `candidate:<foundation> <component> ...`. */
  candidate: string;
  type: string;
  address: string;
}

export interface TrickleFragment {
  ufrag?: string;
  pwd?: string;
  candidates: TrickleCandidate[];
  endOfCandidates: boolean;
}

export type TrickleResult = { ok: true; fragment: TrickleFragment } | { ok: false; reason: string };

export const MAX_FRAGMENT = 16 * 1024;
const MAX_CANDIDATES = 64;
// candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [...]
const CANDIDATE =
  /^candidate:[!-~]{1,32} \d{1,3} (?:udp|tcp|UDP|TCP) \d{1,10} ([0-9A-Za-z.:_-]{1,253}) \d{1,5} typ (host|srflx|prflx|relay)(?: [ -~]*)?$/;

export function parseTrickleFragment(text: string): TrickleResult {
  if (text.length > MAX_FRAGMENT) return { ok: false, reason: 'the fragment is larger than 16 KiB' };
  const fragment: TrickleFragment = { candidates: [], endOfCandidates: false };
  let mid: string | undefined;
  let sawMedia = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '') continue;
    if (line.startsWith('m=')) {
      sawMedia = true;
      mid = undefined;
      continue;
    }
    if (!line.startsWith('a='))
      return { ok: false, reason: `not an SDP fragment line: ${JSON.stringify(line.slice(0, 40))}` };
    const attr = line.slice(2);
    if (attr.startsWith('ice-ufrag:')) fragment.ufrag = attr.slice(10).trim();
    else if (attr.startsWith('ice-pwd:')) fragment.pwd = attr.slice(8).trim();
    else if (attr.startsWith('mid:')) mid = attr.slice(4).trim();
    else if (attr === 'end-of-candidates') fragment.endOfCandidates = true;
    else if (attr.startsWith('candidate:')) {
      if (!sawMedia || mid === undefined || mid === '')
        return { ok: false, reason: 'a candidate outside an m-section with an a=mid' };
      const m = CANDIDATE.exec(attr);
      if (!m) return { ok: false, reason: `not an ICE candidate: ${JSON.stringify(attr.slice(0, 60))}` };
      if (fragment.candidates.length >= MAX_CANDIDATES)
        return { ok: false, reason: 'more than 64 candidates' };
      fragment.candidates.push({ mid, candidate: attr, type: m[2]!, address: m[1]! });
    }
  }
  return { ok: true, fragment };
}
