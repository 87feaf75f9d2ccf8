// Allocations by id, by UDP 5-tuple (listener -> client IP -> client port, so a lookup builds
// no string key), and counts per user for the quota. TCP/TLS allocations hang off their Conn.
import type { Allocation, IoHandles } from './allocation';

export class AllocationTable<Io extends IoHandles = IoHandles> {
  private readonly ids = new Map<string, Allocation<Io>>();
  private readonly udp: Map<string, Map<number, Allocation<Io>>>[] = [];
  private readonly users = new Map<string, number>();

  get size(): number {
    return this.ids.size;
  }

  all(): IterableIterator<Allocation<Io>> {
    return this.ids.values();
  }

  byId(id: string): Allocation<Io> | undefined {
    return this.ids.get(id);
  }

  userCount(username: string): number {
    return this.users.get(username) ?? 0;
  }

  udpLookup(listener: number, address: string, port: number): Allocation<Io> | undefined {
    return this.udp[listener]?.get(address)?.get(port);
  }

  add(a: Allocation<Io>): void {
    this.ids.set(a.id, a);
    this.users.set(a.username, this.userCount(a.username) + 1);
    if (a.conn !== undefined) {
      a.conn.allocation = a;
      return;
    }
    let byIp = this.udp[a.listener];
    if (byIp === undefined) {
      byIp = new Map();
      this.udp[a.listener] = byIp;
    }
    let byPort = byIp.get(a.session.address);
    if (byPort === undefined) {
      byPort = new Map();
      byIp.set(a.session.address, byPort);
    }
    byPort.set(a.session.port, a);
  }

  remove(a: Allocation<Io>): void {
    if (!this.ids.delete(a.id)) return;
    const n = this.userCount(a.username) - 1;
    if (n > 0) this.users.set(a.username, n);
    else this.users.delete(a.username);
    if (a.conn !== undefined) {
      if (a.conn.allocation === a) a.conn.allocation = undefined;
      return;
    }
    const byIp = this.udp[a.listener];
    const byPort = byIp?.get(a.session.address);
    if (byPort?.get(a.session.port) === a) {
      byPort.delete(a.session.port);
      if (byPort.size === 0) byIp!.delete(a.session.address);
    }
  }
}
