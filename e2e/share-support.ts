// Helpers of the share-link specs: a headless host with one camera of the GStreamer server and
// camrelay's TURN relay on a free loopback UDP port (loopback peers NOT allowed: only the share
// grant lets viewers reach the WebRTC port), shares made through the API, and the viewer's
// WebRTC figures read from the page.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, expect, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { DEFAULT_RELAY } from '../src/shared/relay';
import { freeUdpPortPair } from '../test/peers/coturn';
import { type RelayHost, startRelayHost } from './support/relay-host';

export const WEBRTC_ARGS = [...CHROMIUM_ARGS, '--allow-loopback-in-peer-connection'];

export interface ShareHost {
  host: RelayHost;
  turnPort: number;
}

export async function startShareHost(
  dataDir: string,
  rtspUrl: string,
  extraArgs: string[] = [],
): Promise<ShareHost> {
  const turnPort = await freeUdpPortPair();
  await writeFile(
    join(dataDir, 'config.json'),
    JSON.stringify({
      version: 1,
      settings: {},
      cameras: [{ id: 'cam_gate', name: 'Gate', url: rtspUrl, policies: {} }],
      relay: {
        settings: {
          ...DEFAULT_RELAY,
          enabled: true,
          listeners: [{ transport: 'udp', host: '127.0.0.1', port: turnPort }],
        },
        users: [],
        secrets: [],
      },
    }),
  );
  const host = await startRelayHost(dataDir, ['--webrtc-listen', '127.0.0.1:0', ...extraArgs]);
  return { host, turnPort };
}

export interface MadeShare {
  id: string;
  url: string;
  whepUrl: string;
  expiresAt: number;
  iceServers: { urls: string[]; username: string; credential: string }[];
}

export async function api(h: RelayHost, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(new URL(path, h.url), {
    method,
    headers: {
      authorization: `Bearer ${h.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function createShare(h: RelayHost, ttlSeconds = 600, label = 'Front gate'): Promise<MadeShare> {
  const res = await api(h, 'POST', '/api/v1/cameras/cam_gate/shares', { ttlSeconds, label });
  expect(res.status).toBe(201);
  return (await res.json()) as MadeShare;
}

/** Waits until the camera plays (a WHEP GET says `live`). */
export async function waitForLive(share: MadeShare): Promise<void> {
  await expect
    .poll(async () => ((await (await fetch(share.whepUrl)).json()) as { live: boolean }).live, {
      timeout: 20_000,
    })
    .toBe(true);
}

export async function launchChromium(args: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...WEBRTC_ARGS, ...args],
  });
}

export interface ViewerFigures {
  state: string;
  framesDecoded: number;
  /** Frames the browser assembled from RTP, decoded or not: what camrelay delivered. */
  framesReceived: number;
  localCandidateType?: string;
}

declare const window: {
  __camrelayViewer?: { state(): string; pc(): RTCPeerConnection | undefined };
};

/** The viewer page's state and its peer connection's video figures. */
export function viewerFigures(page: Page): Promise<ViewerFigures> {
  return page.evaluate(async () => {
    const v = window.__camrelayViewer;
    const pc = v?.pc();
    const out: ViewerFigures = {
      state: v?.state() ?? 'none',
      framesDecoded: 0,
      framesReceived: 0,
    };
    if (!pc) return out;
    const stats = await pc.getStats();
    const byId = new Map<string, Record<string, unknown>>();
    stats.forEach((s: Record<string, unknown>) => {
      byId.set(s.id as string, s);
    });
    for (const s of byId.values()) {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out.framesDecoded = Number(s.framesDecoded ?? 0);
        out.framesReceived = Number(s.framesReceived ?? 0);
      }
      if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) {
        out.localCandidateType = byId.get(s.localCandidateId as string)?.candidateType as string;
      }
    }
    return out;
  });
}
