// Which of the offer's formats carry the camera's streams. Video: an H.264 payload type with
// packetization-mode=1 and the camera's profile (the answer then names the camera's own
// profile-level-id, so the browser expects exactly what the camera sends). Audio: Opus, PCMU
// or PCMA when the camera sends one of them and the offer has it. Pure.
import { h264ProfileOf } from './h264-profile';
import type { Offer, OfferFormat, OfferMedia } from './offer';

export type CameraAudio = { codec: 'opus' | 'pcmu' | 'pcma'; clockRate: number; channels: number };

export interface AnswerPlan {
  video: { mid: string; payloadType: number; fmtp: string };
  /** Absent when the camera sends no audio a browser can play or the offer has no match. */
  audio?: {
    mid: string;
    payloadType: number;
    codec: CameraAudio['codec'];
    clockRate: number;
    channels: number;
  };
  /**
   * Media sections answered as inactive (no track of ours), each with one of its formats:
   * an m-line must list at least one.
   */
  inactive: { mid: string; kind: 'audio' | 'video' | 'other'; format?: OfferFormat }[];
}

export type PlanResult = { ok: true; plan: AnswerPlan } | { ok: false; reason: string };

const receives = (m: OfferMedia) => m.direction === 'recvonly' || m.direction === 'sendrecv';

function pickVideo(m: OfferMedia, profileLevelId: string): OfferFormat | undefined {
  const want = h264ProfileOf(profileLevelId);
  const h264 = m.formats.filter(
    (f) => f.encoding === 'h264' && f.clockRate === 90000 && (f.fmtp['packetization-mode'] ?? '0') === '1',
  );
  const same = h264.find((f) => h264ProfileOf(f.fmtp['profile-level-id'] ?? '42001f') === want);
  // Any packetization-mode=1 H.264 decoder of a browser decodes every profile it offers;
  // fall back to the first when the exact profile is not listed.
  return same ?? h264[0];
}

export function planAnswer(offer: Offer, profileLevelId: string, audio: CameraAudio | undefined): PlanResult {
  let video: AnswerPlan['video'] | undefined;
  let audioPlan: AnswerPlan['audio'];
  const inactive: AnswerPlan['inactive'] = [];
  for (const m of offer.media) {
    if (m.kind === 'video' && !video && receives(m)) {
      const f = pickVideo(m, profileLevelId);
      if (f) {
        video = {
          mid: m.mid,
          payloadType: f.payloadType,
          fmtp: `profile-level-id=${profileLevelId};packetization-mode=1;level-asymmetry-allowed=1`,
        };
        continue;
      }
    }
    if (m.kind === 'audio' && !audioPlan && audio && receives(m)) {
      const f = m.formats.find(
        (x) => x.encoding === audio.codec && (audio.codec !== 'opus' || x.clockRate === 48000),
      );
      if (f) {
        audioPlan = { mid: m.mid, payloadType: f.payloadType, ...audio };
        continue;
      }
    }
    const format = m.formats.find((f) => f.encoding !== '');
    inactive.push({ mid: m.mid, kind: m.kind, ...(format ? { format } : {}) });
  }
  if (!video) return { ok: false, reason: 'the offer receives no H.264 video with packetization-mode=1' };
  return { ok: true, plan: { video, ...(audioPlan ? { audio: audioPlan } : {}), inactive } };
}
