// The result of "Test connection": what the camera offers (streams, codecs, resolution,
// frame rate, server software, first-frame latency), or why it could not be reached, in words.
import type { ProbeReport } from '../../../../shared/cameras';
import type { CommandError } from '../../../../shared/errors';
import { sentence } from '../../../../shared/words';
import { formatBytes, formatCodec, formatCount, formatFps, formatResolution } from '../../components/format';
import { AlertIcon, CheckIcon } from '../../components/icons';
import { failureWords } from './status-words';

function headline(error: CommandError, withCredentials: boolean): string {
  // Refused without any credentials: nothing was wrong, something is missing.
  if (error.kind === 'auth' && !withCredentials) return 'This camera needs a user name and password';
  const words = failureWords(error.kind);
  if (words) return words.charAt(0).toUpperCase() + words.slice(1);
  switch (error.code) {
    case 'unavailable':
      return 'Testing is not available right now';
    case 'invalid-argument':
      return 'Fix the marked fields first';
    default:
      return 'The camera could not be reached';
  }
}

/** What a working camera sends, in the headline's words. */
export function sendsWords(streams: readonly { media: string; unsupported?: string | undefined }[]): string {
  const usable = streams.filter((s) => !s.unsupported);
  const video = usable.some((s) => s.media === 'video');
  const audio = usable.some((s) => s.media === 'audio');
  if (video && audio) return 'The camera answers and sends video and sound.';
  if (video) return 'The camera answers and sends video.';
  if (audio) return 'The camera answers but sends sound only, no video.';
  return 'The camera answers, but offers no stream camrelay can play.';
}

export function ProbePanel({
  pending,
  report,
  error,
  withCredentials,
}: {
  pending: boolean;
  report: ProbeReport | undefined;
  error: CommandError | undefined;
  /** A user name or password was given (typed or saved) for the test. */
  withCredentials: boolean;
}) {
  if (pending) {
    return (
      <div className="probe" role="status" data-testid="probe-result" data-state="pending">
        <span className="spinner" aria-hidden="true" /> Connecting to the camera and waiting for a frame…
      </div>
    );
  }
  if (error) {
    return (
      <div className="probe bad" role="alert" data-testid="probe-result" data-state="failed">
        <AlertIcon />
        <div>
          <strong>{headline(error, withCredentials)}</strong>
          {/* A refused field is marked at the field; main's "url: …" is not for the operator. */}
          {error.code !== 'invalid-argument' ? <p>{sentence(error.message)}</p> : null}
          {error.code !== 'invalid-argument' ? (
            <p className="probe-save-anyway">
              The camera may be off or out of reach for now: camrelay keeps retrying a saved camera.{' '}
              <button type="submit" className="btn small" data-testid="camera-save-anyway">
                Save anyway
              </button>
            </p>
          ) : null}
        </div>
      </div>
    );
  }
  if (!report) return null;
  return (
    <div className="probe ok" role="status" data-testid="probe-result" data-state="ok">
      <CheckIcon />
      <div className="probe-body">
        <strong>{sendsWords(report.streams)}</strong>
        <dl className="facts compact">
          {report.tool ? (
            <>
              <dt>Server</dt>
              <dd>{report.tool}</dd>
            </>
          ) : null}
          {report.firstFrameMs !== undefined ? (
            <>
              <dt>First frame</dt>
              <dd className="num">after {formatCount(report.firstFrameMs)} ms</dd>
            </>
          ) : null}
        </dl>
        {report.live555Bug ? (
          <p className="note warn">
            This server runs a live555 version that keeps old sessions playing after a dropped connection. Its
            cameras are grouped per server, so camrelay waits for such sessions to end before reconnecting.
          </p>
        ) : null}
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Codec</th>
              <th scope="col">Picture or sound</th>
              <th scope="col" className="num">
                Frame rate
              </th>
              <th scope="col" className="num">
                Received
              </th>
              <th scope="col" className="num">
                Lost
              </th>
            </tr>
          </thead>
          <tbody>
            {report.streams.map((s) => (
              <tr key={s.index}>
                <td>{s.media}</td>
                <td>
                  {formatCodec(s)}
                  {s.unsupported ? <div className="sub bad-text">Not used: {s.unsupported}</div> : null}
                </td>
                <td className="num">
                  {s.media === 'audio'
                    ? s.clockRate
                      ? `${s.clockRate / 1000} kHz sample rate`
                      : '—'
                    : formatResolution(s.width, s.height)}
                </td>
                <td className="num">{s.fps ? `${formatFps(s.fps)} fps` : '—'}</td>
                <td className="num">
                  {formatCount(s.frames)} frames · {formatBytes(s.bytes)}
                </td>
                <td className="num">{formatCount(s.lostPackets)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
