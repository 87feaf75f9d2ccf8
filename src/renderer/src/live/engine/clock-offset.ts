// How far main's wall clock is ahead of this renderer's (a remote browser's clock may be
// off by seconds), from ping/pong over the media channel: for each exchange the offset is
// server time minus the midpoint of send and receive, and the exchange with the smallest
// round trip of the recent ones is trusted (NTP's clock filter, in short).

const KEEP = 8;

export class ClockOffset {
  readonly #samples: { rtt: number; offset: number }[] = [];

  /** One pong: the client's send time it echoes, main's time, and the client's receive time. */
  add(clientSent: number, serverTime: number, clientReceived: number): void {
    const rtt = clientReceived - clientSent;
    if (!(rtt >= 0) || !Number.isFinite(serverTime)) return;
    this.#samples.push({ rtt, offset: serverTime - (clientSent + clientReceived) / 2 });
    if (this.#samples.length > KEEP) this.#samples.shift();
  }

  /** Main's clock minus ours (ms); undefined before the first pong. */
  get offset(): number | undefined {
    let best: { rtt: number; offset: number } | undefined;
    for (const s of this.#samples) if (!best || s.rtt < best.rtt) best = s;
    return best?.offset;
  }

  /** Round trip of the trusted exchange (ms), the bound on the offset's error (±rtt/2). */
  get rtt(): number | undefined {
    let best: number | undefined;
    for (const s of this.#samples) if (best === undefined || s.rtt < best) best = s.rtt;
    return best;
  }
}
