// The result of "Test connection": what the camera offers (streams, codecs, resolution,
// frame rate, server software, first-frame latency), or why it could not be reached, in words.
import type { ProbeReport } from '../../../../shared/cameras';
import type { CommandError } from '../../../../shared/errors';
import { formatBytes, formatCodec, formatCount, formatFps, formatResolution } from '../../components/format';
import { AlertIcon, CheckIcon } from '../../components/icons';
import { failureWords } from './status-words';

function headline(error: CommandError): string {
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

export function ProbePanel({
  pending,
  report,
  error,
}: {
  pending: boolean;
  report: ProbeReport | undefined;
  error: CommandError | undefined;
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
          <strong>{headline(error)}</strong>
          <p>{error.message}</p>
        </div>
      </div>
    );
  }
  if (!report) return null;
  const usable = report.streams.filter((s) => !s.unsupported);
  return (
    <div className="probe ok" role="status" data-testid="probe-result" data-state="ok">
      <CheckIcon />
      <div className="probe-body">
        <strong>
          {usable.length
            ? 'The camera answers and sends video.'
            : 'The camera answers, but offers no stream camrelay can play.'}
        </strong>
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
              <th scope="col">Resolution</th>
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
                      ? `${s.clockRate / 1000} kHz`
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
