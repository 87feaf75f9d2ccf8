// The restream settings form's draft and patch. Pure: numbers stay text while typed and are
// sent as typed (main names what is wrong with them); only changed keys are sent.
import { isLoopbackHost, type RestreamSettings } from '../../../../shared/restream';
import { numberFromText } from '../cameras/camera-form';

export interface RestreamDraft {
  enabled: boolean;
  host: string;
  port: string;
  graceSec: string;
  firstFrameTimeoutSec: string;
  tls: boolean;
}

export function restreamDraftFrom(s: RestreamSettings): RestreamDraft {
  return {
    enabled: s.enabled,
    host: s.host,
    port: String(s.port),
    graceSec: String(s.graceSec),
    firstFrameTimeoutSec: String(s.firstFrameTimeoutSec),
    tls: s.tls,
  };
}

export function restreamPatch(d: RestreamDraft, saved: RestreamSettings): Partial<RestreamSettings> {
  const next: RestreamSettings = {
    enabled: d.enabled,
    host: d.host.trim(),
    port: numberFromText(d.port),
    graceSec: numberFromText(d.graceSec),
    firstFrameTimeoutSec: numberFromText(d.firstFrameTimeoutSec),
    tls: d.tls,
  };
  const patch: Partial<RestreamSettings> = {};
  for (const key of Object.keys(next) as (keyof RestreamSettings)[]) {
    if (!Object.is(next[key], saved[key])) (patch as Record<string, unknown>)[key] = next[key];
  }
  return patch;
}

/** Said next to the address before saving: a network address needs a restream user. */
export function openListenerWarning(d: RestreamDraft, users: number): string | undefined {
  const host = d.host.trim();
  if (!d.enabled || host === '' || isLoopbackHost(host) || users > 0) return undefined;
  return `Listening on ${host} needs a restream user: add one below first, so the cameras are not open to the network.`;
}
