// The commands the renderer may send to main. Each has a zod schema for its arguments
// (validated in main; a bad command gets an `invalid-argument` error naming the field and
// changes nothing) and a result type. The preload exposes exactly one method per entry.
import { z } from 'zod';
import type { GroupingMode, ProbeReport } from './cameras';
import { TRANSPORTS } from './cameras';
import { REST_MAX_LIFETIME_SEC, type RelaySettings, type TurnCredentials } from './relay';
import type { RestreamSettings } from './restream';
import {
  CameraInputSchema,
  CameraPoliciesSchema,
  GroupingSchema,
  GroupNameSchema,
  IdSchema,
  RelaySettingsPatchSchema,
  RestreamPasswordSchema,
  RestreamSettingsPatchSchema,
  RestreamUserNameSchema,
  RtspUrlSchema,
  SettingsPatchSchema,
  TurnPasswordSchema,
  TurnUserNameSchema,
} from './schemas';
import type { Settings } from './settings';

const NoArgs = z.strictObject({});
const ById = z.strictObject({ id: IdSchema });

export const COMMAND_SCHEMAS = {
  updateSettings: SettingsPatchSchema,
  /** The log as JSON lines (everything the host still holds, not only what the state shows). */
  exportLog: NoArgs,

  addCamera: CameraInputSchema,
  updateCamera: CameraInputSchema.extend({ id: IdSchema }),
  duplicateCamera: ById,
  deleteCamera: ById,
  setCameraEnabled: z.strictObject({ id: IdSchema, enabled: z.boolean() }),
  /** "Retry now": a camera backing off (also after a refused login) tries once at once. */
  retryCamera: ById,
  /** Probes a camera before it is saved. `id` lets an edit form test with the saved password. */
  testCamera: z.strictObject({
    id: IdSchema.optional(),
    url: RtspUrlSchema,
    username: z.string().max(128),
    password: z.string().max(256).optional(),
    transport: z.enum(TRANSPORTS),
    policies: CameraPoliciesSchema.optional(),
  }),

  setGrouping: z.strictObject({ mode: GroupingSchema }),
  /** Which running cameras a change to `mode` would reconnect (nothing is changed). */
  previewGrouping: z.strictObject({ mode: GroupingSchema }),
  addGroup: z.strictObject({ name: GroupNameSchema }),
  removeGroup: z.strictObject({ name: GroupNameSchema }),
  /** The operator knows the camera dropped these sessions: stop waiting for them. */
  forgetStaleSessions: z.strictObject({ groupId: z.string().min(1).max(2200) }),
  /** Waits for the TEARDOWNs in flight in a group and reports failures. */
  awaitTeardowns: z.strictObject({ groupId: z.string().min(1).max(2200) }),
  /** The operator read a group's TEARDOWN failure notices (they stay in the log). */
  dismissTeardownFailures: z.strictObject({ groupId: z.string().min(1).max(2200) }),

  updateRelay: RelaySettingsPatchSchema,
  setRelayPaused: z.strictObject({ paused: z.boolean() }),
  addTurnUser: z.strictObject({ name: TurnUserNameSchema, password: TurnPasswordSchema }),
  setTurnUserPassword: z.strictObject({ name: TurnUserNameSchema, password: TurnPasswordSchema }),
  removeTurnUser: z.strictObject({ name: TurnUserNameSchema }),
  /** Generates a REST shared secret; its value is returned once, here. */
  addTurnSecret: z.strictObject({ label: z.string().trim().max(64, 'at most 64 characters') }),
  removeTurnSecret: ById,
  makeTurnCredentials: z.strictObject({
    user: TurnUserNameSchema,
    ttlSec: z.number().int().min(60, 'at least 60 s').max(REST_MAX_LIFETIME_SEC, 'at most one day'),
    secretId: IdSchema.optional(),
  }),
  deleteAllocation: z.strictObject({ id: z.string().min(1).max(128) }),

  /** The restream listener and on-demand timings; a listen address that cannot bind is refused. */
  updateRestream: RestreamSettingsPatchSchema,
  /** A restream user; `cameras` absent: every camera, else only these camera ids. */
  addRestreamUser: z.strictObject({
    name: RestreamUserNameSchema,
    password: RestreamPasswordSchema,
    cameras: z.array(IdSchema).max(10_000).optional(),
  }),
  /** Changes a restream user: a new password, and/or its cameras (null: every camera). */
  updateRestreamUser: z.strictObject({
    name: RestreamUserNameSchema,
    password: RestreamPasswordSchema.optional(),
    cameras: z.array(IdSchema).max(10_000).nullable().optional(),
  }),
  removeRestreamUser: z.strictObject({ name: RestreamUserNameSchema }),

  /** A share link of a camera: a viewer page anyone with the link may open until it expires. */
  createShare: z.strictObject({
    cameraId: IdSchema,
    ttlSeconds: z
      .number()
      .int()
      .min(10, 'at least 10 s')
      .max(30 * 86_400, 'at most 30 days'),
    label: z.string().trim().max(80, 'at most 80 characters').optional(),
  }),
  /** Ends a share: its viewers are disconnected and its link stops working. */
  revokeShare: ById,

  exportConfig: z
    .strictObject({
      includeSecrets: z.boolean(),
      passphrase: z.string().max(256).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.includeSecrets && (v.passphrase ?? '').length < 8) {
        ctx.addIssue({
          code: 'custom',
          path: ['passphrase'],
          message: 'a passphrase of at least 8 characters protects the exported passwords',
        });
      }
    }),
  importConfig: z.strictObject({
    json: z.string().min(2).max(5_000_000, 'the file is too large for a camrelay config'),
    passphrase: z.string().max(256).optional(),
    /** Read and check the file (and its passphrase) only; replace nothing. */
    check: z.boolean().optional(),
  }),
} as const;

export interface ImportSummary {
  cameras: number;
  groups: number;
  turnUsers: number;
  turnSecrets: number;
  secretsImported: boolean;
}

export interface CommandResults {
  updateSettings: Settings;
  exportLog: { jsonl: string; count: number };
  addCamera: { id: string };
  updateCamera: { id: string };
  duplicateCamera: { id: string };
  deleteCamera: { id: string };
  setCameraEnabled: { id: string; enabled: boolean };
  retryCamera: { id: string; retrying: boolean };
  testCamera: ProbeReport;
  setGrouping: { mode: GroupingMode };
  previewGrouping: { mode: GroupingMode; reconnect: string[] };
  addGroup: { name: string };
  removeGroup: { name: string };
  forgetStaleSessions: { forgotten: number };
  awaitTeardowns: { failures: string[] };
  dismissTeardownFailures: { dismissed: number };
  updateRelay: RelaySettings;
  setRelayPaused: { paused: boolean };
  addTurnUser: { name: string };
  setTurnUserPassword: { name: string };
  removeTurnUser: { name: string };
  addTurnSecret: { id: string; secret: string };
  removeTurnSecret: { id: string };
  makeTurnCredentials: TurnCredentials;
  deleteAllocation: { id: string };
  updateRestream: RestreamSettings;
  addRestreamUser: { name: string };
  updateRestreamUser: { name: string };
  removeRestreamUser: { name: string };
  createShare: { id: string; path: string; whepPath: string; expiresAt: number };
  revokeShare: { id: string };
  exportConfig: { json: string; filename: string };
  importConfig: ImportSummary;
}

export type CommandName = keyof typeof COMMAND_SCHEMAS;
export type CommandArgs<K extends CommandName> = z.input<(typeof COMMAND_SCHEMAS)[K]>;
export type ParsedArgs<K extends CommandName> = z.output<(typeof COMMAND_SCHEMAS)[K]>;
export type CommandResult<K extends CommandName> = CommandResults[K];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMAND_SCHEMAS, name);
}
