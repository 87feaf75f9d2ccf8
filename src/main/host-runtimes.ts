// The host's steps that attach the engines to their services: the camera manager (with the
// live view, WebRTC and restream frame taps), the restream listener, and the TURN server.
// Tests replace a runtime with their own factory, or pass null for none.
import type { Registry } from 'prom-client';
import type { Demand } from './app/demand';
import type { RestreamService } from './app/restream-service';
import type { SettingsService } from './app/settings-service';
import { openAuthLedger } from './cameras/auth-ledger-file';
import { registerCameraMetrics } from './cameras/camera-metrics';
import type { CameraRuntime, CameraService } from './cameras/camera-service';
import type { CameraViews } from './cameras/camera-views';
import { CameraManager } from './cameras/manager';
import { probeCamera } from './cameras/probe-camera';
import type { HostContext } from './context';
import type { LiveService } from './live';
import type { RelayRuntime, RelayService } from './relay/relay-service';
import type { RelayState } from './relay/relay-state';
import { TurnRuntime } from './relay/turn-runtime';
import type { ShareService } from './sharing/share-service';
import type { WebRtcSender } from './webrtc';

/** Builds the camera manager; it reports into `views`, the owner of the `cameras` slice. */
export type CameraRuntimeFactory = (ctx: HostContext, views: CameraViews) => CameraRuntime;
/** Builds the TURN server wrapper; it reports into `state`, the owner of the `relay` slice. */
export type RelayRuntimeFactory = (ctx: HostContext, state: RelayState) => RelayRuntime;

/** What the runtime steps read of the host's options (undefined: the real runtime). */
export interface RuntimeOptions {
  dataDir: string;
  cameraRuntime?: CameraRuntimeFactory | null | undefined;
  relayRuntime?: RelayRuntimeFactory | null | undefined;
}

/** The services the host builds, before their runtimes (engines) are attached. */
export interface Services {
  settings: SettingsService;
  demand: Demand;
  restream: RestreamService;
  cameras: CameraService;
  relay: RelayService;
  webrtc: WebRtcSender;
  shares: ShareService;
  /** Set once attached: the share links delete allocations and list listeners through it. */
  turnRuntime: RelayRuntime | undefined;
  /** Set once the camera manager runs: on-demand cameras start and stop with their consumers. */
  demandChanged: () => void;
}

export async function startCameraRuntime(
  ctx: HostContext,
  options: RuntimeOptions,
  services: Services,
  live: LiveService,
  metrics: Registry,
): Promise<void> {
  const { cameras, restream, webrtc, demand } = services;
  const authLedger = await openAuthLedger(options.dataDir, {
    onWriteError: (e) =>
      ctx.log.warn('camera', `could not save the refused-login schedule: ${(e as Error).message}`),
  });
  const cameraMetrics = registerCameraMetrics(metrics, ctx.store);
  const cameraRuntime =
    options.cameraRuntime === undefined
      ? (c: HostContext, views: CameraViews) =>
          new CameraManager(c, {
            views,
            logger: c.logger.child('rtsp'),
            probe: (input) => probeCamera(input, undefined, c.logger.child('rtsp:probe')),
            statusChanging: cameraMetrics.statusChanging,
            // Every consumer reads the camera's one session: the console's live view and
            // the WebRTC viewers.
            frameTap: (id) => {
              const toLive = live.frameTap(id);
              const toWebRtc = webrtc.frameTap(id);
              const toRestream = restream.tap(id);
              return (frame, streams) => {
                toLive(frame, streams);
                toWebRtc(frame, streams);
                toRestream(frame, streams);
              };
            },
            cameraRemoved: (id) => live.removeCamera(id),
            demanded: (id) => demand.has(id),
            authLedger,
          })
      : options.cameraRuntime;
  if (cameraRuntime) {
    const runtime = cameraRuntime(ctx, cameras.views);
    if (runtime instanceof CameraManager) services.demandChanged = () => runtime.demandChanged();
    cameras.attachRuntime(runtime);
  }
  // Paths follow every camera change (added, renamed without a stored path, deleted).
  cameras.onSynced((c) => restream.syncCameras(c));
}

export async function startRestream(ctx: HostContext, services: Services, live: LiveService): Promise<void> {
  const { cameras, restream, webrtc, demand } = services;
  try {
    await restream.start({ live, webrtc });
  } catch (err) {
    // Only --restream-listen throws (refused or taken): its caller reports it and exits.
    await Promise.allSettled([cameras.close(), restream.close()]);
    webrtc.close();
    live.close();
    demand.close();
    ctx.store.close();
    throw err;
  }
}

export async function startRelayRuntime(
  ctx: HostContext,
  options: RuntimeOptions,
  services: Services,
  metrics: Registry,
): Promise<void> {
  const { relay, shares } = services;
  const relayRuntime =
    options.relayRuntime === undefined
      ? (c: HostContext, state: RelayState) =>
          new TurnRuntime(c, {
            state,
            registry: metrics,
            shares: {
              secret: shares.turnSecret,
              peerGrant: shares.peerGrant,
              describeUser: (u) => shares.describeUser(u),
            },
          })
      : options.relayRuntime;
  if (relayRuntime) {
    services.turnRuntime = relayRuntime(ctx, relay.state);
    await relay.attachRuntime(services.turnRuntime);
  }
}
