// The share viewer page (/s/<token>): plays one camera over WebRTC through camrelay's TURN
// relay (relay-only unless the viewer allows a direct path), and says in words what is
// happening: connecting, playing, ended, expired. No console access: the page knows only
// its own link.
import './viewer.css';
import { StatsSampler } from './viewer-stats';
import { fetchShareInfo, type ShareInfo, startWhep, WhepError, type WhepSession } from './whep-client';

type ViewerState =
  | { kind: 'connecting'; detail: string }
  | { kind: 'playing' }
  | { kind: 'ended'; detail: string }
  | { kind: 'expired' };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const root = $('viewer');
const video = $<HTMLVideoElement>('video');
const stateWord = $('state-word');
const headline = $('headline');
const detailText = $('detail');
const retry = $<HTMLButtonElement>('retry');
const mute = $<HTMLButtonElement>('mute');
const direct = $<HTMLInputElement>('direct');

const token = location.pathname.split('/').filter(Boolean).pop() ?? '';
const whepUrl = new URL(`/whep/${token}`, location.origin).href;

let state: ViewerState = { kind: 'connecting', detail: '' };
let session: WhepSession | undefined;
let info: ShareInfo | undefined;
let statsTimer: number | undefined;
let sampler = new StatsSampler();
/** framesDecoded at the last sample that saw it change, and when. */
let lastFrames = { count: 0, at: 0 };

function say(words: string): void {
  stateWord.textContent = words;
  headline.textContent = words;
}

function show(next: ViewerState): void {
  state = next;
  root.dataset.state = next.kind;
  switch (next.kind) {
    case 'connecting':
      say('Connecting…');
      detailText.textContent = next.detail;
      retry.hidden = true;
      break;
    case 'playing':
      say('Playing');
      detailText.textContent = '';
      retry.hidden = true;
      break;
    case 'ended':
      say('The stream ended');
      detailText.textContent = next.detail;
      retry.hidden = false;
      break;
    case 'expired':
      say('This link has expired or was revoked');
      detailText.textContent = 'Ask whoever sent it for a new link.';
      retry.hidden = true;
      $('expires').textContent = '';
      break;
    default: {
      const never: never = next;
      throw new Error(`unknown state ${String(never)}`);
    }
  }
}

function showExpiry(expiresAt: number): void {
  const left = expiresAt - Date.now();
  if (left <= 0) return;
  const min = Math.round(left / 60_000);
  const words = min < 1 ? 'less than a minute' : min < 120 ? `${min} min` : `${Math.round(min / 60)} h`;
  $('expires').textContent = `Link expires in ${words}`;
}

async function connect(): Promise<void> {
  stop();
  show({ kind: 'connecting', detail: 'Asking the camera…' });
  const r = await fetchShareInfo(whepUrl);
  if (r.kind === 'gone') return show({ kind: 'expired' });
  if (r.kind === 'error') return show({ kind: 'ended', detail: `Cannot start: ${r.message}.` });
  info = r.info;
  $('label').textContent = info.label;
  document.title = `${info.label} · camrelay`;
  showExpiry(info.expiresAt);
  const note = $('audio-note');
  note.hidden = !info.audioNote;
  note.textContent = info.audioNote ? `No sound: ${info.audioNote}.` : '';
  if (info.iceServers.length === 0 && !direct.checked) {
    return show({ kind: 'ended', detail: "camrelay's relay is not running, so the video cannot reach you." });
  }
  show({ kind: 'connecting', detail: 'Setting up the connection through the relay…' });
  try {
    session = await startWhep(whepUrl, {
      iceServers: info.iceServers,
      relayOnly: !direct.checked,
      onTrack: (stream) => {
        if (video.srcObject !== stream) video.srcObject = stream;
      },
    });
  } catch (err) {
    if (err instanceof WhepError && err.status === 404) return show({ kind: 'expired' });
    const why =
      err instanceof WhepError && err.status === 503
        ? 'The camera is not sending video right now.'
        : `Could not connect (${(err as Error).message}).`;
    return show({ kind: 'ended', detail: why });
  }
  const pc = session.pc;
  pc.addEventListener('connectionstatechange', () => {
    if (pc !== session?.pc) return;
    if (
      pc.connectionState === 'failed' ||
      pc.connectionState === 'closed' ||
      pc.connectionState === 'disconnected'
    )
      void ended();
  });
  // camrelay ending the session (revoked, expired, DELETE) closes DTLS: notice at once
  // rather than after ICE consent runs out.
  for (const t of pc.getTransceivers()) {
    const dtls = t.receiver.transport;
    dtls?.addEventListener('statechange', () => {
      if (pc === session?.pc && (dtls.state === 'closed' || dtls.state === 'failed')) void ended();
    });
  }
  sampler = new StatsSampler();
  lastFrames = { count: 0, at: performance.now() };
  statsTimer = window.setInterval(() => void sample(pc), 250);
}

async function ended(): Promise<void> {
  stop();
  const r = await fetchShareInfo(whepUrl);
  if (r.kind === 'gone') show({ kind: 'expired' });
  else
    show({
      kind: 'ended',
      detail: direct.checked
        ? 'The connection was lost.'
        : 'The connection was lost. If it keeps failing, allow a direct connection below.',
    });
}

async function sample(pc: RTCPeerConnection): Promise<void> {
  const f = await sampler.sample(pc);
  const now = performance.now();
  if (f.framesDecoded !== lastFrames.count) lastFrames = { count: f.framesDecoded, at: now };
  if (f.framesDecoded > 0 && state.kind === 'connecting') show({ kind: 'playing' });
  // No frame for 0.8 s: ask whether the share still exists.
  if (state.kind === 'playing' && now - lastFrames.at > 800) {
    lastFrames.at = now;
    const r = await fetchShareInfo(whepUrl);
    if (r.kind === 'gone' && pc === session?.pc) return void ended();
  }
  $('bitrate').textContent =
    f.kbps >= 1000 ? `${(f.kbps / 1000).toFixed(1)} Mbit/s` : `${Math.round(f.kbps)} kbit/s`;
  $('latency').textContent = f.latencyMs === undefined ? '–' : `${Math.round(f.latencyMs)} ms`;
  $('path').textContent = f.path === 'relay' ? 'Relayed' : f.path === 'direct' ? 'Direct' : '–';
  if (info) showExpiry(info.expiresAt);
}

function stop(): void {
  if (statsTimer !== undefined) clearInterval(statsTimer);
  statsTimer = undefined;
  session?.stop();
  session = undefined;
  video.srcObject = null;
}

mute.addEventListener('click', () => {
  video.muted = !video.muted;
  mute.textContent = video.muted ? 'Unmute' : 'Mute';
  mute.setAttribute('aria-pressed', String(video.muted));
});
$('fullscreen').addEventListener('click', () => {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void $('stage').requestFullscreen();
});
retry.addEventListener('click', () => void connect());
direct.addEventListener('change', () => void connect());
window.addEventListener('pagehide', stop);

// For tests and support: the state in words and the peer connection in use.
Object.assign(window, {
  __camrelayViewer: { state: () => state.kind, pc: () => session?.pc },
});

void connect();
