// Runs camrelay's TurnServer in its own process for the TURN benchmarks (so its CPU time and
// RSS can be read from /proc/PID). Config: JSON in CAMRELAY_TURN_BENCH_CONFIG. Prints
// "READY <port>" once listening; SIGTERM stops it cleanly.
import { TurnServer } from '../src/main/turn/index';

const config = JSON.parse(process.env.CAMRELAY_TURN_BENCH_CONFIG ?? '{}');
const server = new TurnServer(config);
await server.start();
process.stdout.write(`READY ${server.addresses[0]!.port}\n`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
// SIGUSR2: print heap figures (after a full GC when run with --expose-gc)
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mb = (x: number) => (x / 1048576).toFixed(1);
  process.stdout.write(
    `MEMORY rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}\n`,
  );
});
process.on('SIGINT', stop);
