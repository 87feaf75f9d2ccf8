// Keepalive method choice (retina's): the first keepalive is OPTIONS, which also tells which
// methods the server supports; later ones use SET_PARAMETER or GET_PARAMETER when `Public`
// lists them (some servers drop the connection on a method they lack), and go back to OPTIONS
// for good if the server refuses the one it listed (GW Security). Pure state.
import { parsePublic } from './headers';

export class KeepaliveState {
  /** Keepalives sent. */
  count = 0;
  inFlight = false;
  private fallback = false;
  private supported = new Set<string>();

  /** The method for the next keepalive. */
  method(): string {
    if (this.count === 0 || this.fallback) return 'OPTIONS';
    if (this.supported.has('SET_PARAMETER')) return 'SET_PARAMETER';
    if (this.supported.has('GET_PARAMETER')) return 'GET_PARAMETER';
    return 'OPTIONS';
  }

  sent(): void {
    this.count++;
    this.inFlight = true;
  }

  answered(method: string, status: number, publicHeader: string | undefined): void {
    this.inFlight = false;
    if (method === 'OPTIONS') {
      if (publicHeader !== undefined) this.supported = parsePublic(publicHeader);
    } else if (status < 200 || status >= 300) {
      this.fallback = true;
    }
  }

  unanswered(): void {
    this.inFlight = false;
  }
}
