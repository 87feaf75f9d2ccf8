import { describe, expect, it } from 'vitest';
import { exportHasSecrets } from './download';

describe('exportHasSecrets', () => {
  it('peeks whether an export carries passwords', () => {
    expect(exportHasSecrets('{"format":"camrelay-config","config":{},"secrets":{"kdf":"scrypt"}}')).toBe(
      true,
    );
    expect(exportHasSecrets('{"format":"camrelay-config","config":{}}')).toBe(false);
    expect(exportHasSecrets('not json')).toBeUndefined();
    expect(exportHasSecrets('null')).toBeUndefined();
  });
});
