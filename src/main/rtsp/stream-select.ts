// Which of a described session's streams to set up. A client sets up only what it uses: the
// first supported video stream and the first supported audio stream (unless asked for every
// supported stream). Each set-up UDP stream costs a port pair and a server-side sender, so a
// camera (or a hostile server) offering many sections must not get a SETUP for each.
import { RtspError } from './error';
import type { StreamInfo } from './stream-info';

export type StreamSelection = 'main' | 'all';

/** Why nothing can be played: one clause per offered stream. */
export function offeredEncodings(streams: readonly StreamInfo[]): string {
  return streams
    .map((s) => `${s.media} ${s.encodingName || '?'} (${s.unsupportedReason ?? 'unsupported'})`)
    .join(', ');
}

/**
 * The streams to set up: with 'main', the first supported video and the first supported
 * audio (or, with neither, the first supported stream); with 'all', every supported stream.
 * An error of kind 'unsupported' when no stream can be depacketized.
 */
export function selectStreams(
  streams: readonly StreamInfo[],
  selection: StreamSelection = 'main',
): StreamInfo[] | RtspError {
  const supported = streams.filter((s) => s.supported);
  if (supported.length === 0) {
    return new RtspError(
      'unsupported',
      streams.length === 0
        ? 'the server offers no stream'
        : `no stream on this URL can be decoded; offered: ${offeredEncodings(streams)}`,
    );
  }
  if (selection === 'all') return supported;
  const video = supported.find((s) => s.media === 'video');
  const audio = supported.find((s) => s.media === 'audio');
  const picked = [video, audio].filter((s): s is StreamInfo => s !== undefined);
  return picked.length > 0 ? picked : [supported[0]!];
}
