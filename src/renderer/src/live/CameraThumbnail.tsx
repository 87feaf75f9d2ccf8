// A small still of a camera, refreshed from its key frames every few seconds (decoded in
// the live engine, never by an external tool). Shown only while on screen. For the camera
// table: <CameraThumbnail cameraId={id} />.
import { useEffect, useReducer, useRef } from 'react';
import { useSynced } from '../store';
import { thumbnailOf, watchThumbnail } from './thumbnail-store';
import { useInView } from './use-in-view';
import './live.css';

export function CameraThumbnail({ cameraId, width = 96 }: { cameraId: string; width?: number }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const visible = useInView(boxRef, '100px');
  const playing = useSynced((s) => s.cameras[cameraId]?.status.state === 'playing');
  const name = useSynced((s) => s.cameras[cameraId]?.name ?? cameraId);
  const [, changed] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    if (!visible) return;
    return watchThumbnail(cameraId, changed);
  }, [cameraId, visible]);

  const { bitmap, state } = thumbnailOf(cameraId);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !bitmap) return;
    if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
    }
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  }, [bitmap]);

  const unsupported = state?.state === 'unsupported' ? state.codec.split(' ')[0] : undefined;
  return (
    <div
      ref={boxRef}
      className={`lv-thumb ${playing ? '' : 'stale'}`}
      style={{ width }}
      data-testid="camera-thumbnail"
      data-camera-id={cameraId}
      data-has-picture={bitmap ? 'true' : 'false'}
      role="img"
      aria-label={bitmap ? `Still of ${name}` : `No still of ${name} yet`}
    >
      <canvas ref={canvasRef} hidden={!bitmap} />
      {!bitmap ? <span className="lv-thumb-note">{unsupported ?? (playing ? '…' : '—')}</span> : null}
    </div>
  );
}
