// Which relay IPs the server hands out when the config names none.
import { networkInterfaces } from 'node:os';
import type { TurnConfig } from './config';

/** Configured relay IPs; else the listeners' specific IPs; else the first external interfaces. */
export function relayAddresses(c: TurnConfig): string[] {
  if (c.relay.addresses.length > 0) return c.relay.addresses;
  const specific = [...new Set(c.listeners.map((l) => l.host).filter((h) => h !== '0.0.0.0' && h !== '::'))];
  if (specific.length > 0) return specific;
  const found: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) {
      if (i.internal) continue;
      if (i.family === 'IPv4' && !found.some((f) => !f.includes(':'))) found.push(i.address);
      if (i.family === 'IPv6' && !i.address.startsWith('fe80') && !found.some((f) => f.includes(':')))
        found.push(i.address);
    }
  }
  return found.length > 0 ? found : ['127.0.0.1'];
}
