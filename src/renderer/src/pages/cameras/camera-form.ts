// The camera form's draft and its translation to commands. Pure: numbers stay text while
// typed and are sent as typed (main says what is wrong with them); the password is sent
// only when the operator typed one or asked to clear it.
import type { CameraInput, CameraPolicies, CameraTransport, CameraView } from '../../../../shared/cameras';
import { DEFAULT_POLICIES } from '../../../../shared/cameras';
import type { CommandArgs } from '../../../../shared/commands';
import type { CameraMode } from '../../../../shared/restream';

export interface CameraDraft {
  name: string;
  url: string;
  username: string;
  /** Typed password; '' means "keep the saved one" (or none for a new camera). */
  password: string;
  /** Remove the saved password. */
  clearPassword: boolean;
  transport: CameraTransport;
  group: string;
  enabled: boolean;
  mode: CameraMode;
  policies: Omit<CameraPolicies, 'frameTimeoutSec'> & { frameTimeoutSec: string };
}

export function draftFrom(camera?: CameraView): CameraDraft {
  const p = camera?.policies ?? DEFAULT_POLICIES;
  return {
    name: camera?.name ?? '',
    url: camera?.url ?? '',
    username: camera?.username ?? '',
    password: '',
    clearPassword: false,
    transport: camera?.transport ?? 'tcp',
    group: camera?.group ?? '',
    enabled: camera?.enabled ?? true,
    mode: camera?.mode ?? 'always',
    policies: { ...p, frameTimeoutSec: String(p.frameTimeoutSec) },
  };
}

/** A number as typed: '' and junk become NaN, which main refuses with a message for the field. */
export function numberFromText(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

function policiesOf(d: CameraDraft): CameraPolicies {
  return { ...d.policies, frameTimeoutSec: numberFromText(d.policies.frameTimeoutSec) };
}

function passwordOf(d: CameraDraft): string | undefined {
  if (d.clearPassword) return '';
  return d.password === '' ? undefined : d.password;
}

export function draftToInput(d: CameraDraft): CameraInput {
  const password = passwordOf(d);
  return {
    name: d.name,
    url: d.url,
    username: d.username,
    ...(password !== undefined ? { password } : {}),
    transport: d.transport,
    group: d.group,
    enabled: d.enabled,
    mode: d.mode,
    policies: policiesOf(d),
  };
}

/** Arguments for "Test connection"; with `id`, main uses the saved password when none is typed. */
export function draftToProbe(d: CameraDraft, id?: string): CommandArgs<'testCamera'> {
  const password = d.clearPassword ? '' : d.password || undefined;
  return {
    ...(id ? { id } : {}),
    url: d.url,
    username: d.username,
    ...(password !== undefined ? { password } : {}),
    transport: d.transport,
    policies: policiesOf(d),
  };
}

/** True when the draft differs from the camera (or from a blank form). */
export function isDirty(d: CameraDraft, camera?: CameraView): boolean {
  const base = draftFrom(camera);
  return JSON.stringify(d) !== JSON.stringify(base);
}

/** The form's fields by the names main uses, for placing errors. */
export const CAMERA_FIELDS = new Set([
  'name',
  'url',
  'username',
  'password',
  'transport',
  'group',
  'enabled',
  'mode',
  'policies.teardownPolicy',
  'policies.unassignedChannelData',
  'policies.sessionId',
  'policies.initialTimestamp',
  'policies.initialSequence',
  'policies.unknownRtcpSsrc',
  'policies.basicAuthOverPlainRtsp',
  'policies.frameTimeoutSec',
  'policies.tlsFingerprint',
]);
