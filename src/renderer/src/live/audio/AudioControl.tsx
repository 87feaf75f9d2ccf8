// The camera page's Sound row: off by default; "Sound on" starts the player (a click, as
// browsers require for sound), shows what is playing and a level meter, or says in words why
// there is nothing to hear.
import { useEffect, useRef, useState } from 'react';
import { AudioPlayer, type AudioState } from './audio-player';
import './audio.css';

const METER_FLOOR_DB = -60;

function describe(s: AudioState | undefined): string {
  if (!s) return 'Off';
  switch (s.state) {
    case 'connecting':
      return 'Connecting…';
    case 'waiting':
      return 'Waiting for sound…';
    case 'playing':
      return `${s.codec} · ${formatRate(s.sampleRate)} · ${s.channels === 1 ? 'mono' : s.channels === 2 ? 'stereo' : `${s.channels} channels`}`;
    case 'no-audio':
      return 'This camera sends no sound';
    case 'unplayable':
      return s.reason;
    case 'error':
      return `No sound: ${s.message}`;
  }
}

function formatRate(hz: number): string {
  return hz % 1000 === 0 ? `${hz / 1000} kHz` : `${(hz / 1000).toFixed(1)} kHz`;
}

export function AudioControl({ cameraId }: { cameraId: string }) {
  const player = useRef<AudioPlayer | undefined>(undefined);
  const [on, setOn] = useState(false);
  const [state, setState] = useState<AudioState>();
  const [level, setLevel] = useState(Number.NEGATIVE_INFINITY);

  useEffect(() => {
    // Leaving the page ends the sound (the page keys this control by camera, so another
    // camera is a new control).
    return () => {
      player.current?.close();
      player.current = undefined;
    };
  }, []);

  const toggle = () => {
    if (player.current) {
      player.current.close();
      player.current = undefined;
      setOn(false);
      setState(undefined);
      setLevel(Number.NEGATIVE_INFINITY);
      return;
    }
    player.current = new AudioPlayer(cameraId, { state: setState, level: setLevel });
    setOn(true);
  };

  const db = Number.isFinite(level) ? Math.max(METER_FLOOR_DB, Math.min(0, level)) : METER_FLOOR_DB;
  const playing = on && state?.state === 'playing';
  return (
    <div className="lv-audio" data-testid="audio-control">
      <button type="button" className="btn" aria-pressed={on} onClick={toggle} data-testid="audio-toggle">
        {on ? 'Sound off' : 'Sound on'}
      </button>
      <span className="muted lv-audio-words" data-testid="audio-state" aria-live="polite">
        {describe(on ? state : undefined)}
      </span>
      {playing ? (
        <meter
          className="lv-audio-meter"
          aria-label="Sound level"
          min={METER_FLOOR_DB}
          max={0}
          low={-30}
          high={-6}
          optimum={-20}
          value={db}
          aria-valuetext={Number.isFinite(level) ? `${Math.round(db)} dB` : 'silence'}
          data-testid="audio-meter"
        />
      ) : null}
    </div>
  );
}
