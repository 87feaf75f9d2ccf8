// Projections from the RTSP client's objects to the console's view types.
import type { GroupView, StaleSessionView, StreamView, TeardownFailureNotice } from '../../shared/cameras';
import type { StaleSessionDetail, StreamInfo } from '../rtsp/index';

export function streamView(s: StreamInfo): StreamView {
  const p = s.parameters;
  const view: StreamView = {
    index: s.index,
    media: s.media,
    encoding: s.encodingName,
    clockRate: s.clockRate ?? 0,
  };
  if (s.channels !== undefined) view.channels = s.channels;
  if (s.frameRate !== undefined) view.fps = s.frameRate;
  if (!s.supported) view.unsupported = s.unsupportedReason ?? 'not supported';
  if (p?.kind === 'video') {
    view.codec = p.rfc6381Codec;
    view.width = p.width;
    view.height = p.height;
    if (p.profile) view.profile = p.level ? `${p.profile} ${p.level}` : p.profile;
    if (p.frameRate !== undefined) view.fps = Math.round(p.frameRate * 100) / 100;
  } else if (p?.kind === 'audio') {
    view.codec = p.rfc6381Codec ?? p.codec;
    view.channels = p.channels;
  } else if (p?.kind === 'message') {
    view.codec = p.format;
  }
  return view;
}

export function staleSessionView(d: StaleSessionDetail): StaleSessionView {
  const t = d.teardown;
  let teardown: StaleSessionView['teardown'];
  switch (t.state) {
    case 'pending':
      teardown = {
        state: 'pending',
        attempts: t.attempts,
        ...(t.lastError ? { lastError: t.lastError.message } : {}),
      };
      break;
    case 'succeeded':
      teardown = { state: 'succeeded', attempts: t.attempts };
      break;
    case 'failed':
      teardown = { state: 'failed', attempts: t.attempts, error: t.error.message };
      break;
    case 'impossible':
      teardown = { state: 'impossible' };
      break;
    default: {
      const never: never = t;
      throw new Error(`unknown teardown state ${JSON.stringify(never)}`);
    }
  }
  return {
    id: d.id,
    reason: d.reason,
    expiresAt: d.expiresAtWall,
    ...(d.sessionId !== undefined ? { sessionId: d.sessionId } : {}),
    ...(d.url !== undefined ? { url: d.url } : {}),
    teardown,
    active: d.active,
  };
}

export function groupView(
  key: { id: string; kind: GroupView['kind']; label: string },
  cameraIds: string[],
  details: StaleSessionDetail[],
  live555Bug: boolean,
  notices: readonly TeardownFailureNotice[] = [],
): GroupView {
  // Only sessions that may still be playing are listed: the rows are what the count says.
  const active = details.filter((d) => d.active);
  const view: GroupView = {
    id: key.id,
    kind: key.kind,
    label: key.label,
    cameraIds,
    staleCount: active.length,
    sessions: active.map(staleSessionView),
    live555Bug,
  };
  if (notices.length) view.teardownFailures = [...notices];
  if (active.length) view.staleUntil = Math.max(...active.map((d) => d.expiresAtWall));
  return view;
}
