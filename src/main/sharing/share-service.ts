// Share links for the host: the registry of live shares, their viewers in the state, the
// commands (createShare, revokeShare), their TURN credentials and the peer grant that lets
// exactly those credentials reach camrelay's own WebRTC port. Revoking or expiring a share
// ends its viewers and closes its TURN allocations at once.
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { CommandFailure } from '../../shared/errors';
import type { AllocationShare } from '../../shared/relay';
import {
  SHARE_PATH_PREFIX,
  type ShareView,
  type SharingAvailability,
  WHEP_PATH_PREFIX,
} from '../../shared/shares';
import type { CommandHandlers } from '../commands/dispatch';
import type { HostContext } from '../context';
import type { SliceWriter } from '../state/state-store';
import type { PeerGrant } from '../turn';
import {
  type IceServer,
  looksLikeShareUsername,
  type Share,
  ShareRegistry,
  shareCredentials,
  shareIdOfUsername,
  type TurnListenerAddress,
  turnUrls,
  type WebRtcSender,
} from '../webrtc';

export interface ShareServiceOptions {
  sender: WebRtcSender;
  /** The running TURN listeners (empty when the relay is stopped). */
  turnListeners(): TurnListenerAddress[];
  /** Closes a TURN allocation by id. */
  deleteAllocation(id: string): void;
}

const WILDCARD = new Set(['0.0.0.0', '::']);

export class ShareService {
  readonly registry: ShareRegistry;
  /** camrelay's own secret for share credentials: never leaves the process. */
  readonly turnSecret = randomBytes(32).toString('base64');
  #timer: NodeJS.Timeout | undefined;
  #sampler: NodeJS.Timeout;
  readonly #lastBytes = new Map<string, { at: number; bytes: number }>();
  /** This service owns the `shares` and `sharing` slices. */
  readonly #shares: SliceWriter<'shares'>;
  readonly #sharing: SliceWriter<'sharing'>;

  constructor(
    private readonly ctx: HostContext,
    private readonly o: ShareServiceOptions,
  ) {
    this.#shares = ctx.store.slice('shares');
    this.#sharing = ctx.store.slice('sharing');
    this.registry = new ShareRegistry({ now: ctx.now });
    this.#sampler = setInterval(() => this.publishViewers(), 1000);
    this.#sampler.unref();
  }

  handlers(): Pick<CommandHandlers, 'createShare' | 'revokeShare'> {
    return {
      createShare: ({ cameraId, ttlSeconds, label }) => {
        const camera = this.ctx.store.get<{ name: string } | undefined>(['cameras', cameraId]);
        if (!camera) {
          throw new CommandFailure({ code: 'not-found', message: 'no such camera', field: 'cameraId' });
        }
        const share = this.registry.create({ cameraId, label: label || camera.name, ttlSeconds });
        this.ctx.log.info(
          'app',
          `share "${share.label}" of camera ${camera.name} created, until ${new Date(share.expiresAt).toISOString()}`,
        );
        this.#publish(share);
        this.#armExpiry();
        return {
          id: share.id,
          path: sharePath(share),
          whepPath: whepPath(share),
          expiresAt: share.expiresAt,
        };
      },
      revokeShare: ({ id }) => {
        if (!this.revoke(id, 'revoked')) {
          throw new CommandFailure({ code: 'not-found', message: 'no such share', field: 'id' });
        }
        return { id };
      },
    };
  }

  /** Ends a share now: its viewers, its TURN allocations, its link. */
  revoke(id: string, why: 'revoked' | 'expired'): boolean {
    const share = this.registry.revoke(id);
    if (!share) return false;
    this.#end(share, why);
    this.#armExpiry();
    return true;
  }

  /** The ICE server a viewer of `share` gets; undefined when the relay is not running. */
  iceServer(share: Share, requestHost: string): IceServer | undefined {
    const urls = turnUrls(this.o.turnListeners(), {
      announce: this.ctx.store.state.relay.settings.relayAddress,
      requestHost,
    });
    if (urls.length === 0) return undefined;
    const c = shareCredentials(this.turnSecret, share, this.ctx.now());
    return { urls, username: c.username, credential: c.credential };
  }

  /**
   * The TURN peer grant: a share's credentials reach camrelay's own WebRTC port on its own
   * addresses and nothing else; a revoked share's reach nothing; other users keep the policy.
   */
  readonly peerGrant: PeerGrant = (username, ip) => {
    if (!looksLikeShareUsername(username)) return undefined;
    const id = shareIdOfUsername(username);
    if (id === undefined || !this.registry.byId(id)) return false;
    return this.#ownAddresses().has(ip) ? new Set([this.o.sender.port]) : false;
  };

  /** What the allocation table shows for a share's allocation. */
  describeUser(username: string): AllocationShare | undefined {
    const id = shareIdOfUsername(username);
    const share = id === undefined ? undefined : this.registry.byId(id);
    if (!share) return undefined;
    return { id: share.id, label: share.label, cameraId: share.cameraId };
  }

  /** Viewers of every share into the state (1 Hz), with their bitrate since the last sample. */
  publishViewers(): void {
    const now = performance.now();
    const byShare = new Map<string, ShareView['viewers']>();
    const seen = new Set<string>();
    for (const v of this.o.sender.viewers()) {
      seen.add(v.id);
      const prev = this.#lastBytes.get(v.id);
      this.#lastBytes.set(v.id, { at: now, bytes: v.bytesSent });
      const kbps = prev && now > prev.at ? Math.round(((v.bytesSent - prev.bytes) * 8) / (now - prev.at)) : 0;
      const list = byShare.get(v.tag) ?? [];
      list.push({ id: v.id, address: v.remote ?? 'connecting', since: v.since, kbps, relayed: v.relayed });
      byShare.set(v.tag, list);
    }
    for (const id of this.#lastBytes.keys()) if (!seen.has(id)) this.#lastBytes.delete(id);
    for (const share of this.registry.list()) {
      const viewers = byShare.get(share.id) ?? [];
      const current: ShareView | undefined = this.#shares.get()[share.id];
      if (current && current.viewers.length === 0 && viewers.length === 0) continue;
      this.#shares.set([share.id, 'viewers'], viewers);
    }
  }

  /** Where links are served (the headless console's port) and its HTTPS fingerprint. */
  setAvailability(availability: SharingAvailability, tlsFingerprint?: string): void {
    this.#sharing.set([], { availability, ...(tlsFingerprint ? { tlsFingerprint } : {}) });
  }

  close(): void {
    clearInterval(this.#sampler);
    if (this.#timer) clearTimeout(this.#timer);
  }

  #publish(share: Share): void {
    const view: ShareView = {
      id: share.id,
      cameraId: share.cameraId,
      label: share.label,
      createdAt: share.createdAt,
      expiresAt: share.expiresAt,
      path: sharePath(share),
      whepPath: whepPath(share),
      viewers: [],
    };
    this.#shares.set([share.id], view);
  }

  #end(share: Share, why: 'revoked' | 'expired'): void {
    const ended = this.o.sender.endTagged(share.id);
    for (const a of Object.values(this.ctx.store.state.allocations)) {
      if (shareIdOfUsername(a.username) === share.id) this.o.deleteAllocation(a.id);
    }
    this.#shares.delete([share.id]);
    this.ctx.log.info('app', `share "${share.label}" ${why}; ${ended} viewer(s) disconnected`);
  }

  /** One timer for all shares: the next expiry. */
  #armExpiry(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const next = this.registry.nextExpiry();
    if (next === undefined) return;
    // setTimeout holds at most ~24.8 days; a later expiry re-arms when the timer fires.
    const delay = Math.min(Math.max(0, next - this.ctx.now()), 2 ** 31 - 1);
    this.#timer = setTimeout(() => {
      for (const share of this.registry.expireDue()) this.#end(share, 'expired');
      this.#armExpiry();
    }, delay);
    this.#timer.unref();
  }

  #ownAddresses(): Set<string> {
    const bind = this.o.sender.bindAddress;
    if (!WILDCARD.has(bind)) return new Set([bind]);
    const out = new Set<string>();
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address);
    return out;
  }
}

export const sharePath = (s: Share) => `${SHARE_PATH_PREFIX}${s.token}`;
export const whepPath = (s: Share) => `${WHEP_PATH_PREFIX}${s.token}`;
