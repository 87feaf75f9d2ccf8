// Outages are errors once the first retries failed (issue 14, item 4): "error and above"
// must show a camera that is down, not only a blink.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../shared/state';
import { makeTestContext, type TestContext } from '../testing/host-context';
import { ERROR_AFTER_ATTEMPTS, logStatus } from './status-log';

let ctx: TestContext;
const logged: LogEntry[] = [];
beforeEach(async () => {
  ctx = await makeTestContext();
  logged.length = 0;
  const add = ctx.log.add.bind(ctx.log);
  ctx.log.add = (...args) => {
    const e = add(...args);
    logged.push(e);
    return e;
  };
});
afterEach(() => ctx.dispose());

const failure = { kind: 'unreachable', message: 'The camera does not answer.', at: 1 } as const;

describe('camera status log lines', () => {
  it('warns for the first retries, then logs an error about that camera', () => {
    for (let attempt = 1; attempt <= ERROR_AFTER_ATTEMPTS + 1; attempt++) {
      logStatus(ctx, 'cam_1', { state: 'backing-off', since: 0, retryAt: 2000, attempt, failure });
    }
    expect(logged.map((e) => e.level)).toEqual([
      ...Array.from({ length: ERROR_AFTER_ATTEMPTS }, () => 'warn'),
      'error',
    ]);
    expect(logged.every((e) => e.subject === 'cam_1')).toBe(true);
  });
});
