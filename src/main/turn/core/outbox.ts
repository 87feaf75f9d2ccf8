// What the core gives out while it handles one input: the action list (reused between inputs:
// consume it before the next call), the drop and answer counters, and the two reusable
// hot-path actions. Knows nothing of requests or allocations' rules; everyone who answers,
// relays or drops writes here.
import type { Allocation, Conn, IoHandles } from './allocation';
import { DROP_INDEX, type DropReason, newDropCounters } from './drops';
import type { CoreAction, RelayAction, ReplyAction, TurnEvent } from './types';

export class Outbox<Io extends IoHandles = IoHandles> {
  readonly actions: CoreAction<Io>[] = [];
  readonly drops = newDropCounters();
  /** Answers sent, by STUN error code (200 for success). */
  readonly answers = new Map<number, number>();
  /** Requests answered again from the cache (same transaction id). */
  retransmissions = 0;
  /** The code of the last answer since `clear()` (null: a retransmission), for the request log. */
  lastAnswer: number | null | undefined = undefined;
  /** The one relay action of the data path, refilled per packet. */
  readonly relayOut: RelayAction<Io> = {
    kind: 'relay',
    allocation: undefined!,
    address: '',
    port: 0,
    data: undefined!,
  };
  /** The one peer-to-client action of the data path, refilled per packet. */
  readonly replyOut: ReplyAction<Io> = {
    kind: 'reply',
    listener: 0,
    address: '',
    port: 0,
    conn: undefined,
    head: null,
    body: undefined!,
    pad: 0,
  };

  /** Starts the list for the next input. */
  clear(): CoreAction<Io>[] {
    this.actions.length = 0;
    this.lastAnswer = undefined;
    return this.actions;
  }

  push(a: CoreAction<Io>): void {
    this.actions.push(a);
  }

  drop(reason: DropReason): void {
    this.drops[DROP_INDEX[reason]]!++;
  }

  emit(event: TurnEvent): void {
    this.actions.push({ kind: 'event', event });
  }

  /** An answer to `to`, counted by code (200 = success, null = a retransmission answered again). */
  reply(
    to: { listener: number; address: string; port: number; conn: Conn<Io> | undefined },
    body: Buffer,
    code: number | null,
  ): void {
    if (code === null) this.retransmissions++;
    else this.answers.set(code, (this.answers.get(code) ?? 0) + 1);
    this.lastAnswer = code;
    this.actions.push({
      kind: 'reply',
      listener: to.listener,
      address: to.address,
      port: to.port,
      conn: to.conn,
      head: null,
      body,
      pad: 0,
    });
  }

  /** An answer to an allocation's client (answers built after the request was handled). */
  replyTo(a: Allocation<Io>, body: Buffer, code: number): void {
    this.reply(
      { listener: a.listener, address: a.session.address, port: a.session.port, conn: a.conn },
      body,
      code,
    );
  }
}
