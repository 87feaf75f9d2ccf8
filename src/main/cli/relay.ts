// `camrelay relay`: the whole host without Electron, its console served to a browser.
import { mkdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { LogEntry } from '../../shared/state';
import { createApi } from '../api';
import type { RestreamCertificate } from '../app/restream-service';
import { defaultDataDir, findRendererDir } from '../headless/paths';
import { startHeadlessServer } from '../headless/server';
import { StaticFiles } from '../headless/static-files';
import { type ConsoleCertificate, fingerprintOf, loadConsoleCertificate } from '../headless/tls-cert';
import { loadOrCreateToken } from '../headless/token';
import type { Host } from '../host';
import { createHost } from '../host';
import { RestreamListenError } from '../restream';
import { createShareRoutes } from '../sharing/whep-endpoint';
import { FileKeySecretBox, SecretKeyError } from '../store/secret-box';
import { type CliCommand, parseCliArgs, UsageError, withUsage } from './command';
import { engineLogger, LOG_LEVEL_HELP, parseLogLevel } from './engine-logger';

const HELP = `Usage: camrelay relay [--data-dir DIR] [--ui-listen HOST:PORT] [--tls-cert FILE --tls-key FILE]
                     [--webrtc-listen HOST:PORT] [--restream-listen HOST:PORT]
                     [--restream-tls-cert FILE --restream-tls-key FILE] [--log-level LEVEL]

Runs camrelay headless: the cameras, the TURN relay and the operator console, served to a
browser. Prints the console URL with its access token (kept in DATA_DIR/ui-token): the page
trades the token for a session of that browser tab, scripts send
\`Authorization: Bearer <token>\`. Data and WebSockets without either are refused (401).

Options:
  --data-dir DIR         where config.json, secrets and the access token live
                         (default: $XDG_DATA_HOME/camrelay or ~/.local/share/camrelay)
  --ui-listen HOST:PORT  address of the console (default 127.0.0.1:7480; port 0 picks one).
                         Binding anything but loopback exposes the console to the network:
                         anyone with the token controls camrelay. A console on any
                         address but loopback is served over HTTPS (browsers give video
                         decoding and WebRTC only to secure pages).
  --tls-cert FILE        PEM certificate (chain) for HTTPS; default: a self-signed one made
  --tls-key FILE         once in the data dir. Its SHA-256 fingerprint is printed at start.
  --webrtc-listen HOST:PORT
                         the one UDP port of the WebRTC sender for share links (default
                         0.0.0.0:0, any free port). Viewers reach it through the TURN relay,
                         so it needs no opening in a firewall.
  --restream-listen HOST:PORT
                         serve every camera again over RTSP at rtsp://HOST:PORT/<path>
                         (path: a slug of the camera's name, kept when it is renamed), from
                         camrelay's one session to the camera. Default: the Restream page's
                         setting (config.json \`restream\`, 127.0.0.1:8554 unless changed);
                         this option overrides it for this run. An address beyond loopback
                         needs a restream user (added on the Restream page).
  --restream-tls-cert FILE, --restream-tls-key FILE
                         serve the restreams as rtsps:// (RTSP over TLS, TCP interleaved
                         only) with this PEM certificate (chain) and key.
${LOG_LEVEL_HELP}
  -h, --help             this help`;

export function parseHostPort(value: string, option: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || !host || port > 65535) throw new UsageError(`${option} expects HOST:PORT, got '${value}'`);
  if (host !== 'localhost' && isIP(host) === 0)
    throw new UsageError(`${option}: '${host}' is not an IP address`);
  return { host: host === 'localhost' ? '127.0.0.1' : host, port };
}

function isLoopback(host: string): boolean {
  return host === '::1' || host.startsWith('127.');
}

export function formatLogLine(e: LogEntry): string {
  const subject = e.subject ? ` [${e.subject}]` : '';
  return `${new Date(e.at).toISOString()} ${e.level.padEnd(5)} ${e.source}${subject}: ${e.message}\n`;
}

function shareRoutes(host: Host, rendererDir: string) {
  return createShareRoutes({
    shares: host.shares,
    sender: host.webrtc,
    files: new StaticFiles(rendererDir),
    prepare: (cameraId) => host.awaitCamera(cameraId),
  });
}

export const command: CliCommand = {
  help: HELP,
  run: (argv) =>
    withUsage('relay', HELP, async () => {
      const { values } = parseCliArgs(argv, {
        options: {
          'data-dir': { type: 'string' },
          'ui-listen': { type: 'string', default: '127.0.0.1:7480' },
          'tls-cert': { type: 'string' },
          'restream-tls-cert': { type: 'string' },
          'restream-tls-key': { type: 'string' },
          'tls-key': { type: 'string' },
          'webrtc-listen': { type: 'string', default: '0.0.0.0:0' },
          'restream-listen': { type: 'string' },
          'log-level': { type: 'string' },
        },
        allowPositionals: false,
      });
      const listen = parseHostPort(values['ui-listen'] as string, '--ui-listen');
      const webrtcListen = parseHostPort(values['webrtc-listen'] as string, '--webrtc-listen');
      const restreamValue = values['restream-listen'] as string | undefined;
      const restreamListen =
        restreamValue === undefined ? undefined : parseHostPort(restreamValue, '--restream-listen');
      const logger = engineLogger(parseLogLevel(values['log-level'] as string | undefined));
      const certFile = values['tls-cert'] as string | undefined;
      const keyFile = values['tls-key'] as string | undefined;
      if (!certFile !== !keyFile) throw new UsageError('--tls-cert and --tls-key go together');
      const restreamCertFile = values['restream-tls-cert'] as string | undefined;
      const restreamKeyFile = values['restream-tls-key'] as string | undefined;
      if (!restreamCertFile !== !restreamKeyFile)
        throw new UsageError('--restream-tls-cert and --restream-tls-key go together');
      let restreamTls: RestreamCertificate | undefined;
      if (restreamCertFile && restreamKeyFile) {
        try {
          const cert = await readFile(restreamCertFile, 'utf8');
          restreamTls = {
            cert,
            key: await readFile(restreamKeyFile),
            fingerprint: fingerprintOf(cert),
            source: 'operator',
          };
        } catch (err) {
          process.stderr.write(`camrelay relay: restream certificate: ${(err as Error).message}\n`);
          return 1;
        }
      }
      const dataDir = resolve((values['data-dir'] as string | undefined) ?? defaultDataDir());
      const rendererDir = findRendererDir();
      if (!rendererDir) {
        process.stderr.write(
          'camrelay relay: the console is not built (no out/renderer). Run `npm run build`.\n',
        );
        return 1;
      }
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      let secretBox: FileKeySecretBox;
      try {
        secretBox = await FileKeySecretBox.open(dataDir);
      } catch (err) {
        // One line that says what is wrong and what to do; never a stack trace.
        if (!(err instanceof SecretKeyError)) throw err;
        process.stderr.write(`camrelay relay: ${err.message}\n`);
        return 1;
      }
      let host: Host;
      try {
        host = await createHost({
          dataDir,
          platform: 'headless',
          secretBox,
          logSink: (entry) => process.stderr.write(formatLogLine(entry)),
          logger,
          webrtc: { bindAddress: webrtcListen.host, port: webrtcListen.port },
          ...(restreamListen ? { restream: restreamListen } : {}),
          ...(restreamTls ? { restreamTls } : {}),
          // Restream's RTSPS setting serves the console's certificate (the same names).
          certificate: () =>
            loadConsoleCertificate({
              dataDir,
              ...(certFile && keyFile ? { certFile, keyFile } : {}),
              names: [listen.host],
            }),
        });
      } catch (err) {
        // The restream listener refused (open on the network) or its port is taken: one line.
        const code = (err as NodeJS.ErrnoException).code;
        if (!(err instanceof RestreamListenError) && code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL')
          throw err;
        const why = code === 'EADDRINUSE' ? 'the address is already in use' : (err as Error).message;
        process.stderr.write(`camrelay relay: cannot restream on ${restreamValue}: ${why}\n`);
        return 1;
      }
      let tls: ConsoleCertificate | undefined;
      if (certFile || !isLoopback(listen.host)) {
        try {
          tls = await loadConsoleCertificate({
            dataDir,
            ...(certFile && keyFile ? { certFile, keyFile } : {}),
            names: [listen.host],
          });
        } catch (err) {
          process.stderr.write(`camrelay relay: HTTPS certificate: ${(err as Error).message}\n`);
          await host.close();
          return 1;
        }
      }
      let server: Awaited<ReturnType<typeof startHeadlessServer>>;
      try {
        server = await startHeadlessServer({
          host,
          token: await loadOrCreateToken(dataDir),
          rendererDir,
          listenHost: listen.host,
          listenPort: listen.port,
          ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
          publicRoutes: shareRoutes(host, rendererDir).handle,
          apiRoutes: createApi(host, { secure: tls !== undefined }),
          routes: {
            '/metrics': async (_req, res) => {
              res.writeHead(200, { 'content-type': host.metrics.contentType });
              res.end(await host.metrics.metrics());
            },
          },
        });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'EADDRINUSE' ? 'the address is already in use' : (err as Error).message;
        process.stderr.write(`camrelay relay: cannot serve the console on ${values['ui-listen']}: ${why}\n`);
        await host.close();
        return 1;
      }
      if (!isLoopback(listen.host)) {
        host.log.warn(
          'app',
          `the console listens on ${listen.host}, reachable from the network; keep the token secret`,
        );
      }
      if (tls) {
        process.stdout.write(`camrelay console certificate (${tls.source}) SHA-256: ${tls.fingerprint}\n`);
      }
      host.shares.setAvailability({ available: true, port: server.port }, tls?.fingerprint);
      process.stdout.write(`camrelay console: ${server.openUrl}\n`);

      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      host.log.info('app', 'stopping');
      await server.close();
      await host.close();
      return 0;
    }),
};
