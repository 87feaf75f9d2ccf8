// When does a changed camera need a new connection? When anything its session depends on
// changed. The password is compared on its own and never put into the key: a key is a string
// that may be kept, logged or shown, and must not carry a secret.
import type { SupervisorConfig } from './supervisor';

/** Everything but the password that makes a connection what it is. */
export function connectionKey(c: Omit<SupervisorConfig, 'group'>): string {
  return JSON.stringify([c.url, c.username, c.transport, c.policies, c.groupId]);
}

export function sameConnection(
  next: Omit<SupervisorConfig, 'group'>,
  running: Omit<SupervisorConfig, 'group'>,
): boolean {
  return connectionKey(next) === connectionKey(running) && next.password === running.password;
}
