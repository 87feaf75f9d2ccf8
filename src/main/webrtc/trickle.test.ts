import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrickleFragment } from './trickle';

const FRAGMENT = [
  'a=ice-ufrag:EsAw',
  'a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1',
  'm=video 9 UDP/TLS/RTP/SAVPF 0',
  'a=mid:0',
  'a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1',
  'a=candidate:3471623853 1 udp 41819903 198.51.100.7 50000 typ relay raddr 0.0.0.0 rport 0',
  'a=end-of-candidates',
  '',
].join('\r\n');

describe('trickle ICE fragments', () => {
  it('reads credentials, candidates by mid and the end of candidates', () => {
    const r = parseTrickleFragment(FRAGMENT);
    expect(r).toEqual({
      ok: true,
      fragment: {
        ufrag: 'EsAw',
        pwd: 'P2uYro0UCOQ4zxjKXaWCBui1',
        endOfCandidates: true,
        candidates: [
          expect.objectContaining({ mid: '0', type: 'host', address: '192.0.2.1' }),
          expect.objectContaining({ mid: '0', type: 'relay', address: '198.51.100.7' }),
        ],
      },
    });
    if (r.ok) expect(r.fragment.candidates[1]!.candidate).toMatch(/^candidate:3471623853 1 udp/);
  });

  it('refuses candidates without an m-section and mid, and malformed candidates', () => {
    expect(parseTrickleFragment('a=candidate:1 1 udp 1 192.0.2.1 1 typ host').ok).toBe(false);
    expect(parseTrickleFragment('m=video 9 X 0\r\na=mid:0\r\na=candidate:1 1 udp 1 192.0.2.1').ok).toBe(
      false,
    );
    expect(parseTrickleFragment('m=video 9 X 0\r\na=mid:0\r\na=candidate:1 1 udp 1 a\nb 1 typ host').ok).toBe(
      false,
    );
    expect(parseTrickleFragment('hello').ok).toBe(false);
    expect(parseTrickleFragment('a'.repeat(20_000)).ok).toBe(false);
  });

  it('takes any text: a fragment or a reason, never a throw (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        (s) => {
          const r = parseTrickleFragment(s);
          if (r.ok) for (const c of r.fragment.candidates) expect(c.candidate).not.toMatch(/[\r\n]/);
          else expect(r.reason.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('round-trips generated candidates (property)', () => {
    const candidate = fc.record({
      foundation: fc.stringMatching(/^[0-9a-zA-Z+/]{1,32}$/),
      priority: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      ip: fc.ipV4(),
      port: fc.integer({ min: 1, max: 65535 }),
      type: fc.constantFrom('host', 'srflx', 'prflx', 'relay'),
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 10 }), (cs) => {
        const lines = ['m=video 9 UDP/TLS/RTP/SAVPF 96', 'a=mid:v'];
        for (const c of cs)
          lines.push(`a=candidate:${c.foundation} 1 udp ${c.priority} ${c.ip} ${c.port} typ ${c.type}`);
        const r = parseTrickleFragment(lines.join('\r\n'));
        expect(r.ok).toBe(true);
        if (r.ok)
          expect(r.fragment.candidates.map((c) => [c.address, c.type])).toEqual(
            cs.map((c) => [c.ip, c.type]),
          );
      }),
    );
  });
});
