// Figures of a playing viewer from getStats(): bitrate since the previous sample, an estimate
// of latency (half the round trip plus the jitter buffer's delay), and the ICE path in use.
export interface ViewerFigures {
  kbps: number;
  latencyMs: number | undefined;
  path: 'relay' | 'direct' | undefined;
  framesDecoded: number;
}

export class StatsSampler {
  #last: { at: number; bytes: number } | undefined;

  async sample(pc: RTCPeerConnection): Promise<ViewerFigures> {
    const report = await pc.getStats();
    let bytes = 0;
    let framesDecoded = 0;
    let jitterMs: number | undefined;
    let rttMs: number | undefined;
    let path: ViewerFigures['path'];
    const byId = new Map<string, Record<string, unknown>>();
    report.forEach((s: Record<string, unknown>) => {
      byId.set(s.id as string, s);
    });
    for (const s of byId.values()) {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        bytes = Number(s.bytesReceived ?? 0);
        framesDecoded = Number(s.framesDecoded ?? 0);
        const emitted = Number(s.jitterBufferEmittedCount ?? 0);
        if (emitted > 0) jitterMs = (Number(s.jitterBufferDelay ?? 0) / emitted) * 1000;
      }
      if (s.type === 'candidate-pair' && s.state === 'succeeded' && (s.nominated || s.selected)) {
        if (typeof s.currentRoundTripTime === 'number') rttMs = s.currentRoundTripTime * 1000;
        const local = byId.get(s.localCandidateId as string);
        path = local?.candidateType === 'relay' ? 'relay' : 'direct';
      }
    }
    const now = performance.now();
    const kbps =
      this.#last && now > this.#last.at ? ((bytes - this.#last.bytes) * 8) / (now - this.#last.at) : 0;
    this.#last = { at: now, bytes };
    const latencyMs =
      jitterMs === undefined && rttMs === undefined ? undefined : (jitterMs ?? 0) + (rttMs ?? 0) / 2;
    return { kbps: Math.max(0, kbps), latencyMs, path, framesDecoded };
  }
}
