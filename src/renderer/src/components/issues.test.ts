import { describe, expect, it } from 'vitest';
import type { CommandError } from '../../../shared/errors';
import { fieldErrors, formMessage, friendlyMessage, hasErrorsUnder, lineErrors } from './issues';

const invalid = (issues: { field: string; message: string }[]): CommandError => ({
  code: 'invalid-argument',
  message: `${issues[0]!.field}: ${issues[0]!.message}`,
  field: issues[0]!.field,
  issues,
});

describe('fieldErrors', () => {
  it('maps every issue to its dotted field; the first message per field wins', () => {
    const e = invalid([
      { field: 'url', message: 'not a valid URL; expected rtsp://host[:port]/path' },
      { field: 'policies.frameTimeoutSec', message: 'at least 1 s' },
      { field: 'url', message: 'second message' },
    ]);
    expect(fieldErrors(e)).toEqual({
      url: 'Not a valid URL; expected rtsp://host[:port]/path',
      'policies.frameTimeoutSec': 'At least 1 s',
    });
  });

  it('uses field + message when there are no issues, without the field prefix', () => {
    const e: CommandError = {
      code: 'port-in-use',
      message: 'listeners.0.port: port 3478 is in use',
      field: 'listeners.0.port',
    };
    expect(fieldErrors(e)).toEqual({ 'listeners.0.port': 'Port 3478 is in use' });
  });

  it('is empty for no error or an error without a field', () => {
    expect(fieldErrors(undefined)).toEqual({});
    expect(fieldErrors({ code: 'failed', message: 'x' })).toEqual({});
  });

  it("rewrites zod's wording for the operator", () => {
    expect(friendlyMessage('Invalid input: expected number, received null')).toBe('Enter a number');
    expect(friendlyMessage('Too small: expected number to be >=0')).toBe('At least 0');
    expect(friendlyMessage('Too big: expected number to be <=100000')).toBe('At most 100000');
    expect(friendlyMessage('Invalid input: expected int, received number')).toBe('A whole number');
    expect(friendlyMessage('at least 60 s')).toBe('At least 60 s');
    expect(friendlyMessage('rtsp:// only')).toBe('rtsp:// only');
  });
});

describe('formMessage', () => {
  const shown = (f: string) => f === 'url' || f === 'name';
  it("shows main's message when no field is on the form", () => {
    expect(formMessage({ code: 'unavailable', message: 'the camera manager is not running' }, shown)).toBe(
      'The camera manager is not running',
    );
    expect(formMessage(invalid([{ field: 'policies.x', message: 'bad' }]), shown)).toBe('policies.x: bad');
  });
  it('goes once every marked field is fixed, and counts only those still marked', () => {
    const e = invalid([
      { field: 'url', message: 'bad' },
      { field: 'name', message: 'required' },
    ]);
    expect(formMessage(e, shown, fieldErrors(e))).toBe('Check the 2 fields marked below.');
    expect(formMessage(e, shown, { name: 'required' })).toBe('Check the field marked below.');
    expect(formMessage(e, shown, {})).toBe('');
    // An error that names no field stays until the next answer.
    expect(formMessage({ code: 'unavailable', message: 'not running' }, shown, {})).toBe('Not running');
  });
  it('summarises placed fields and spells out the rest', () => {
    expect(formMessage(invalid([{ field: 'url', message: 'bad' }]), shown)).toBe(
      'Check the field marked below.',
    );
    expect(
      formMessage(
        invalid([
          { field: 'url', message: 'bad' },
          { field: 'name', message: 'required' },
          { field: 'other', message: 'odd' },
        ]),
        shown,
      ),
    ).toBe('Check the 2 fields marked below. other: Odd');
  });
  it('is empty without an error', () => {
    expect(formMessage(undefined, shown)).toBe('');
  });
});

describe('list errors', () => {
  it('turns list indexes into 1-based lines, in order', () => {
    const errors = fieldErrors(
      invalid([
        { field: 'allowPeers.2', message: 'not a CIDR block' },
        { field: 'allowPeers.0', message: 'not a CIDR block' },
        { field: 'denyPeers.0', message: 'x' },
      ]),
    );
    expect(lineErrors(errors, 'allowPeers')).toEqual([
      { line: 1, message: 'Not a CIDR block' },
      { line: 3, message: 'Not a CIDR block' },
    ]);
    expect(hasErrorsUnder(errors, 'denyPeers')).toBe(true);
    expect(hasErrorsUnder(errors, 'listeners')).toBe(false);
  });
});
