// A camera's restream in its detail panel: the rtsp:// URL players and recorders use, with
// copy buttons without and with credentials (the password is typed here, never stored in
// the console), and who reads the camera now: restream clients, console live views and
// WebRTC viewers.
import { useState } from 'react';
import type { CameraMode } from '../../../../shared/restream';
import {
  type ConsumerView,
  isLoopbackHost,
  type RestreamStatus,
  restreamUrl,
} from '../../../../shared/restream';
import { CopyButton } from '../../components/CopyButton';
import { Elapsed } from '../../components/Countdown';
import { SelectField, TextField } from '../../components/Field';
import { formatBytes, formatCount } from '../../components/format';
import { useSynced } from '../../store';

const NO_CONSUMERS: ConsumerView[] = [];
const KIND_WORDS = { restream: 'Restream', console: 'Console', webrtc: 'WebRTC' } as const;

/**
 * A listener on every address (0.0.0.0, ::) is announced as 127.0.0.1; a console opened from
 * another machine shows the address it reached camrelay at instead.
 */
function reachable(
  status: RestreamStatus | undefined,
  listenHost: string | undefined,
): RestreamStatus | undefined {
  if (status?.state !== 'running' || (listenHost !== '0.0.0.0' && listenHost !== '::')) return status;
  const here = window.location.hostname.replace(/^\[|\]$/g, '');
  if (!here || isLoopbackHost(here)) return status;
  const port = /:(\d+)$/.exec(status.url)?.[1] ?? '';
  const scheme = status.url.startsWith('rtsps:') ? 'rtsps' : 'rtsp';
  return { ...status, url: `${scheme}://${here.includes(':') ? `[${here}]` : here}:${port}` };
}

export function CameraRestream({ cameraId, mode }: { cameraId: string; mode: CameraMode }) {
  const listenHost = useSynced((s) => s.restream.settings.host);
  const status = reachable(
    useSynced((s) => s.restream.status),
    listenHost,
  );
  const path = useSynced((s) => s.restream.paths[cameraId]);
  const consumers = useSynced((s) => s.restream.consumers[cameraId] ?? NO_CONSUMERS);
  const users = useSynced((s) => s.restream.users).filter((u) => !u.cameras || u.cameras.includes(cameraId));
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const chosen = users.find((u) => u.name === user)?.name ?? users[0]?.name ?? '';
  const url = status && path ? restreamUrl(status, path) : undefined;
  const withCredentials =
    status && path && chosen && password ? restreamUrl(status, path, { user: chosen, password }) : undefined;

  return (
    <section className="detail-section" aria-labelledby="cd-restream" data-testid="camera-restream">
      <h3 id="cd-restream">Restream</h3>
      {url ? (
        <>
          <div className="restream-url">
            <code className="mono" data-testid="restream-url">
              {url}
            </code>
            <CopyButton text={url} label="Copy URL" what="without credentials" testId="restream-copy" />
          </div>
          {users.length ? (
            <div className="inline-form wrap restream-creds">
              <SelectField
                label="User"
                value={chosen}
                options={users.map((u) => ({ value: u.name, label: u.name }))}
                onChange={setUser}
                testId="restream-user"
              />
              <TextField
                label="Password"
                type="password"
                value={password}
                onChange={setPassword}
                hint="Only for the copied URL; not saved."
                testId="restream-password"
              />
              {withCredentials ? (
                <CopyButton
                  text={withCredentials}
                  label="Copy with credentials"
                  what="URL with user and password"
                  testId="restream-copy-credentials"
                />
              ) : (
                <span className="subtle">Type the user’s password to copy a URL with credentials.</span>
              )}
            </div>
          ) : (
            <p className="subtle">
              No restream users: anyone who can reach{' '}
              {status?.state === 'running' ? status.url : 'the listener'} may watch. Add users on the{' '}
              <a href="#/restream">Restream page</a>.
            </p>
          )}
          {mode === 'on-demand' ? (
            <p className="subtle">On demand: the camera is connected only while someone watches.</p>
          ) : null}
        </>
      ) : (
        <p className="subtle" data-testid="restream-off">
          {status?.state === 'error'
            ? `The restream listener is not running: ${status.message}`
            : 'Restreaming is off.'}{' '}
          <a href="#/restream">Restream settings</a>
        </p>
      )}
      <h4 className="detail-sub">Consumers</h4>
      {consumers.length === 0 ? (
        <p className="subtle" data-testid="consumers-empty">
          Nobody reads this camera now.
        </p>
      ) : (
        <table className="data compact" data-testid="consumers">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Address</th>
              <th scope="col">Transport</th>
              <th scope="col">User</th>
              <th scope="col">Since</th>
              <th scope="col" className="num">
                Sent
              </th>
              <th scope="col" className="num">
                Drops
              </th>
            </tr>
          </thead>
          <tbody>
            {consumers.map((c) => (
              <tr key={c.id} data-testid="consumer-row" data-kind={c.kind}>
                <td>{KIND_WORDS[c.kind]}</td>
                <td className="mono">{c.address}</td>
                <td>{c.transport}</td>
                <td>{c.user ?? <span className="subtle">—</span>}</td>
                <td>
                  <Elapsed from={c.since} />
                </td>
                <td className="num">{formatBytes(c.bytes)}</td>
                <td className={`num${c.drops > 0 ? ' warn-text' : ''}`}>{formatCount(c.drops)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
