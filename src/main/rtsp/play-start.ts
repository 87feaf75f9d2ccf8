// What the PLAY response's RTP-Info tells each set-up stream, under the initial-timestamp and
// initial-sequence policies: first sequence number to expect, timeline start, SSRC. Pure.
import { RtspError } from './error';
import type { RtpInfoEntry } from './headers';
import type { InitialSequencePolicy, InitialTimestampPolicy } from './options';
import { sameResource } from './url';

export interface SetUpStream {
  index: number;
  control: string;
}

export interface StartParams {
  initialSequence?: number;
  initialTimestamp?: number;
  /** SSRC from RTP-Info (Reolink gives it there and not in Transport). */
  ssrc?: number;
}

function matchEntry(info: RtpInfoEntry[], control: string, setUpCount: number): RtpInfoEntry | undefined {
  const exact = info.find((e) => sameResource(e.url, control));
  if (exact) return exact;
  // Relative URLs in RTP-Info ("trackID=1"): match on the path's end.
  const tail = info.find((e) => !e.url.includes('://') && control.endsWith(`/${e.url.replace(/^\//, '')}`));
  if (tail) return tail;
  // GW Security: a wrong URL; with one stream and one entry, it can only be that one.
  if (setUpCount === 1 && info.length === 1) return info[0];
  return undefined;
}

/** One StartParams per set-up stream (same order), or an error the policy demands. */
export function startParams(
  streams: SetUpStream[],
  info: RtpInfoEntry[],
  policy: { initialTimestamp: InitialTimestampPolicy; initialSequence: InitialSequencePolicy },
): StartParams[] | RtspError {
  const entries: Array<RtpInfoEntry | undefined> = streams.map((s) =>
    matchEntry(info, s.control, streams.length),
  );
  if (info.length === streams.length && !entries.some((e) => e !== undefined)) {
    // URLs match nothing but counts agree: fall back to order.
    streams.forEach((_, k) => {
      entries[k] = info[k];
    });
  }
  const tsPolicy = policy.initialTimestamp;
  const allHave = entries.every((e) => e?.rtptime !== undefined);
  // retina's default: require rtptime when several streams play (to line them up), else ignore.
  const useTs =
    tsPolicy === 'permissive'
      ? allHave
      : tsPolicy === 'require' || (tsPolicy === 'default' && streams.length > 1);
  if (useTs && !allHave) {
    const k = entries.findIndex((e) => e?.rtptime === undefined);
    const index = streams[k]!.index;
    return new RtspError(
      'protocol',
      `RTP-Info has no rtptime for stream ${index} (initial timestamp policy ${tsPolicy})`,
      {
        streamIndex: index,
      },
    );
  }
  return streams.map((_, k) => {
    const e = entries[k];
    const out: StartParams = {};
    const seq = e?.seq;
    const seqPolicy = policy.initialSequence;
    // Tapo sends seq=1 and Hikvision seq=0 that the packets then ignore.
    if (seq !== undefined && seqPolicy !== 'ignore' && !(seqPolicy === 'ignore-suspicious' && seq <= 1)) {
      out.initialSequence = seq;
    }
    if (useTs && e?.rtptime !== undefined) out.initialTimestamp = e.rtptime;
    if (e?.ssrc !== undefined) out.ssrc = e.ssrc;
    return out;
  });
}
