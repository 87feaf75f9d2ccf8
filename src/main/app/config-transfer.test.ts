import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorWords, readExport } from './config-transfer';

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (err) {
    return err;
  }
  throw new Error(`parsed: ${text}`);
}

describe('jsonErrorWords', () => {
  it('names the line and column where the JSON breaks', () => {
    const text = '{\n  "version": 1,\n  "config": { x }\n}';
    expect(jsonErrorWords(text, parseError(text))).toBe(
      'the file is not a camrelay config export: its JSON breaks at line 3, column 15',
    );
  });
  it('says a file cut short or empty is that', () => {
    const cut = '{"version": 1, "config": {"cameras": [';
    expect(jsonErrorWords(cut, parseError(cut))).toBe(
      'the file ends too early (line 1): it may be cut short',
    );
    expect(jsonErrorWords('  ', parseError('  '))).toBe('the file is empty');
  });
  it('any bytes give words, never a stack or a raw parser message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        const err = await readExport(text, undefined).then(
          () => undefined,
          (e: unknown) => e as { message?: string },
        );
        if (err) {
          expect(err.message).toMatch(/^(json|passphrase)?:? ?the |camrelay|passphrase|config/);
          expect(err.message).not.toMatch(/Unexpected token|SyntaxError|at position/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
