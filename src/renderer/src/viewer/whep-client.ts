// A WHEP client (draft-ietf-wish-whep) for the share viewer: ICE servers first (so a
// relay-only peer connection has candidates to offer), one offer with every candidate
// gathered (no trickle), DELETE on the session URL when done.
export interface ShareInfo {
  label: string;
  expiresAt: number;
  live: boolean;
  iceServers: RTCIceServer[];
  audioNote?: string;
}

export type InfoResult =
  | { kind: 'ok'; info: ShareInfo }
  | { kind: 'gone' }
  | { kind: 'error'; message: string };

export async function fetchShareInfo(whepUrl: string): Promise<InfoResult> {
  try {
    const res = await fetch(whepUrl, { cache: 'no-store' });
    if (res.status === 404) return { kind: 'gone' };
    if (!res.ok) return { kind: 'error', message: `the server answered ${res.status}` };
    return { kind: 'ok', info: (await res.json()) as ShareInfo };
  } catch {
    return { kind: 'error', message: 'the server cannot be reached' };
  }
}

export interface WhepSession {
  pc: RTCPeerConnection;
  stop(): void;
}

export class WhepError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, timeoutMs);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export async function startWhep(
  whepUrl: string,
  o: { iceServers: RTCIceServer[]; relayOnly: boolean; onTrack(stream: MediaStream): void },
): Promise<WhepSession> {
  const pc = new RTCPeerConnection({
    iceServers: o.iceServers,
    iceTransportPolicy: o.relayOnly ? 'relay' : 'all',
  });
  const stream = new MediaStream();
  pc.addEventListener('track', (e) => {
    stream.addTrack(e.track);
    o.onTrack(stream);
  });
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc, 5000);
    const res = await fetch(whepUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/sdp' },
      body: pc.localDescription?.sdp ?? '',
    });
    if (res.status !== 201) throw new WhepError(res.status, (await res.text()).trim());
    const location = res.headers.get('location');
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    let stopped = false;
    return {
      pc,
      stop() {
        if (stopped) return;
        stopped = true;
        pc.close();
        if (location) void fetch(new URL(location, whepUrl), { method: 'DELETE' }).catch(() => undefined);
      },
    };
  } catch (err) {
    pc.close();
    throw err;
  }
}
