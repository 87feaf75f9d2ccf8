// `camrelay turn`: the TURN server alone, like coturn's turnserver. Arguments become a
// TurnConfig (validated by the library); one log line per allocation event; SIGINT / SIGTERM
// stop it cleanly (every allocation closed); --metrics serves Prometheus text on node:http.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Registry } from 'prom-client';
import {
  listenerUrl,
  registerTurnMetrics,
  type SessionAddress,
  type TurnConfigInput,
  TurnError,
  type TurnListenerConfig,
  type TurnObserver,
  TurnServer,
} from '../turn';
import { type CliCommand, parseCliArgs, UsageError, withUsage } from './command';
import { engineLogger, LOG_LEVEL_HELP, parseLogLevel } from './engine-logger';

const HELP = `Usage: camrelay turn [options]

Runs camrelay's TURN server (RFC 8656) on its own, as a standalone relay, and logs one line
per allocation event. SIGINT or SIGTERM stops it: every allocation is closed first.

Options:
  --listen URL           udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT; repeat for more
                         (default udp://0.0.0.0:3478 and tcp://0.0.0.0:3478)
  --cert FILE --key FILE PEM certificate chain and key for tls:// listeners
  --realm R              the realm (default camrelay)
  --user NAME:PASS       a long-term user; repeat for more
  --auth-secret S        a REST shared secret (see turn-credentials); repeat to rotate
  --relay-ip ADDR        address of the relay sockets, one per family (default: the listen
                         address, or the first external interface)
  --external-ip PUB[/PRIV]  announce PUB as the relayed address for relay IP PRIV (behind 1:1
                         NAT; PRIV defaults to the only --relay-ip)
  --min-port N --max-port N  relay port range (default 49152-65535)
  --allow-loopback-peers allow peers on 127.0.0.0/8 and ::1 (tests, single-host setups)
  --allow-private-peers  allow RFC 1918, 100.64/10 and IPv6 ULA peers
  --allow-peer CIDR      always allow these peers; repeat for more
  --deny-peer CIDR       always deny these peers (wins over --allow-peer); repeat for more
  --user-quota N         allocations per user (default 0 = no limit, like coturn)
  --total-quota N        allocations in all (default 1000; 0 = no limit)
  --bandwidth BYTES      per-allocation limit in bytes/s each way (default 0 = none)
  --max-lifetime S       longest allocation lifetime (default 3600)
  --metrics HOST:PORT    serve Prometheus metrics at http://HOST:PORT/metrics
  --quiet                no per-allocation log lines
${LOG_LEVEL_HELP}
  -h, --help             this help

Exit status: 0 after a clean stop, 1 if the server could not start, 2 on bad usage.`;

function parseListen(url: string, cert?: string, key?: string): TurnListenerConfig {
  const m = /^(udp|tcp|tls):\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(url);
  if (!m)
    throw new UsageError(`--listen ${url}: expected udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT`);
  const transport = m[1] as 'udp' | 'tcp' | 'tls';
  const host = m[2]!.replace(/^\[|\]$/g, '');
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`--listen ${url}: port out of range`);
  if (transport === 'tls') {
    if (!cert || !key) throw new UsageError(`--listen ${url}: a tls:// listener needs --cert and --key`);
    return { transport, host, port, cert, key };
  }
  return { transport, host, port };
}

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function readPem(flag: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --${flag} ${file}: ${(err as Error).message}`);
  }
}

const who = (a: SessionAddress) =>
  `${a.transport} ${a.family === 6 ? `[${a.address}]` : a.address}:${a.port} via ${a.localAddress}:${a.localPort}`;

function logObserver(write: (line: string) => void): TurnObserver {
  const t = () => new Date().toISOString();
  return {
    allocated: (a, user, port, id) =>
      write(`${t()} allocated ${id} ${who(a)} user=${user} relay-port=${port}`),
    refresh: (a, user, lifetime, id) =>
      write(`${t()} refresh ${id} ${who(a)} user=${user} lifetime=${lifetime}`),
    createPermission: (a, user, peers, id) =>
      write(`${t()} permission ${id} ${who(a)} user=${user} peers=${peers.join(',')}`),
    channelBind: (a, user, channel, id) =>
      write(`${t()} channel ${id} ${who(a)} user=${user} channel=0x${channel.toString(16)}`),
    closed: (a, user, id, reason) => write(`${t()} closed ${id} ${who(a)} user=${user} reason=${reason}`),
  };
}

function startMetrics(spec: string, server: TurnServer): Promise<Server> {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(spec);
  if (!m) throw new UsageError(`--metrics ${spec}: expected HOST:PORT`);
  const host = m[1]!.replace(/^\[|\]$/g, '');
  const registry = new Registry();
  registerTurnMetrics(registry, server);
  const http = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    http.once('error', (err) =>
      reject(new TurnError('listen-failed', `cannot serve metrics on ${spec}: ${err.message}`)),
    );
    http.listen(Number(m[2]), host, () => resolve(http));
  });
}

export const command: CliCommand = {
  help: HELP,
  run: (argv) =>
    withUsage('turn', HELP, async () => {
      const { values } = parseCliArgs(argv, {
        options: {
          listen: { type: 'string', multiple: true },
          cert: { type: 'string' },
          key: { type: 'string' },
          realm: { type: 'string' },
          user: { type: 'string', multiple: true },
          'auth-secret': { type: 'string', multiple: true },
          'relay-ip': { type: 'string', multiple: true },
          'external-ip': { type: 'string', multiple: true },
          'min-port': { type: 'string' },
          'max-port': { type: 'string' },
          'allow-loopback-peers': { type: 'boolean' },
          'allow-private-peers': { type: 'boolean' },
          'allow-peer': { type: 'string', multiple: true },
          'deny-peer': { type: 'string', multiple: true },
          'user-quota': { type: 'string' },
          'total-quota': { type: 'string' },
          bandwidth: { type: 'string' },
          'max-lifetime': { type: 'string' },
          metrics: { type: 'string' },
          quiet: { type: 'boolean' },
          'log-level': { type: 'string' },
        },
      });
      const cert = readPem('cert', values.cert);
      const key = readPem('key', values.key);
      const listens = values.listen ?? ['udp://0.0.0.0:3478', 'tcp://0.0.0.0:3478'];
      const users: Record<string, string> = {};
      for (const u of values.user ?? []) {
        const i = u.indexOf(':');
        if (i <= 0) throw new UsageError(`--user ${u}: expected NAME:PASSWORD`);
        users[u.slice(0, i)] = u.slice(i + 1);
      }
      const secrets = values['auth-secret'] ?? [];
      if (Object.keys(users).length === 0 && secrets.length === 0) {
        throw new UsageError('nobody could authenticate: give --user NAME:PASS or --auth-secret S');
      }
      const maxLifetime = int('max-lifetime', values['max-lifetime'], 1, 86_400);
      const announce: Record<string, string> = {};
      for (const e of values['external-ip'] ?? []) {
        const [pub, priv] = e.split('/');
        const bound = priv ?? (values['relay-ip']?.length === 1 ? values['relay-ip'][0] : undefined);
        if (!pub || !bound)
          throw new UsageError(`--external-ip ${e}: give PUBLIC/PRIVATE, or exactly one --relay-ip`);
        announce[bound] = pub;
      }
      const config: TurnConfigInput = {
        listeners: listens.map((l) => parseListen(l, cert, key)),
        realm: values.realm ?? 'camrelay',
        users,
        authSecrets: secrets,
        relay: {
          addresses: values['relay-ip'] ?? [],
          announce,
          minPort: int('min-port', values['min-port'], 1024, 65535) ?? 49152,
          maxPort: int('max-port', values['max-port'], 1024, 65535) ?? 65535,
        },
        peers: {
          allowLoopback: values['allow-loopback-peers'] ?? false,
          allowPrivate: values['allow-private-peers'] ?? false,
          allow: values['allow-peer'] ?? [],
          deny: values['deny-peer'] ?? [],
        },
        quotas: {
          perUser: int('user-quota', values['user-quota'], 0, 1_000_000) ?? 0,
          total: int('total-quota', values['total-quota'], 0, 1_000_000) ?? 1000,
        },
        bandwidth: int('bandwidth', values.bandwidth, 0, 2 ** 40) ?? 0,
        ...(maxLifetime !== undefined
          ? { lifetimes: { maxAllocation: maxLifetime, defaultAllocation: Math.min(600, maxLifetime) } }
          : {}),
      };
      const out = (line: string) => process.stdout.write(`${line}\n`);
      const logger = engineLogger(parseLogLevel(values['log-level'])).child('turn');
      let server: TurnServer;
      try {
        server = new TurnServer(config, {
          observer: values.quiet ? {} : logObserver(out),
          logger,
        });
      } catch (err) {
        if (err instanceof TurnError) throw new UsageError(err.message);
        throw err;
      }
      let metrics: Server | undefined;
      try {
        await server.start();
        if (values.metrics) metrics = await startMetrics(values.metrics, server);
      } catch (err) {
        await server.stop();
        process.stderr.write(`camrelay turn: ${(err as Error).message}\n`);
        return 1;
      }
      for (const a of server.addresses) out(`listening ${listenerUrl({ ...a, host: a.address })}`);
      out(`relay addresses ${server.relayAddresses.join(', ')}`);
      if (metrics) {
        const addr = metrics.address();
        if (addr && typeof addr === 'object')
          out(
            `metrics http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}/metrics`,
          );
      }
      await new Promise<void>((resolve) => {
        const stop = (sig: NodeJS.Signals) => {
          out(`${sig}: stopping`);
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.stop();
      await new Promise<void>((r) => (metrics ? metrics.close(() => r()) : r()));
      const c = server.counters();
      out(
        `stopped: ${c.allocationsCreated} allocations, ${c.packetsToPeer + c.packetsFromPeer} packets relayed, ${c.bytesToPeer + c.bytesFromPeer} bytes`,
      );
      return 0;
    }),
};
