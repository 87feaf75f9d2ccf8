// Runs a command and keeps what a form needs: pending, the error, and its issues by field.
// Stale answers are ignored: only the latest call's answer lands.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { CommandError, CommandResponse } from '../../../shared/errors';
import { type FieldErrors, fieldErrors } from '../components/issues';

export interface CommandState<T> {
  pending: boolean;
  error: CommandError | undefined;
  errors: FieldErrors;
  result: T | undefined;
  /** Runs `call`; resolves with the result, or undefined when it failed (or was superseded). */
  run: (call: () => Promise<CommandResponse<T>>) => Promise<T | undefined>;
  /** Forgets the error and result (e.g. when the form is reset). */
  reset: () => void;
  /** Drops the error of one field and of fields below it (the operator is editing it). */
  clearField: (field: string) => void;
}

export function useCommand<T = unknown>(): CommandState<T> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<CommandError | undefined>();
  const [result, setResult] = useState<T | undefined>();
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set());
  const latest = useRef(0);

  const run = useCallback(async (call: () => Promise<CommandResponse<T>>) => {
    const id = ++latest.current;
    setPending(true);
    let res: CommandResponse<T>;
    try {
      res = await call();
    } catch (err) {
      res = { ok: false, error: { code: 'internal', message: (err as Error)?.message ?? String(err) } };
    }
    if (id !== latest.current) return undefined;
    setPending(false);
    setCleared(new Set());
    if (res.ok) {
      setError(undefined);
      setResult(res.result);
      return res.result;
    }
    setError(res.error);
    setResult(undefined);
    return undefined;
  }, []);

  const reset = useCallback(() => {
    latest.current++;
    setPending(false);
    setError(undefined);
    setResult(undefined);
    setCleared(new Set());
  }, []);

  const clearField = useCallback((field: string) => {
    setCleared((prev) => (prev.has(field) ? prev : new Set(prev).add(field)));
  }, []);

  const errors = useMemo(() => {
    const all = fieldErrors(error);
    if (!cleared.size) return all;
    const out: Record<string, string> = {};
    const covers = (f: string) => {
      for (const c of cleared) if (f === c || f.startsWith(`${c}.`)) return true;
      return false;
    };
    for (const [f, m] of Object.entries(all)) if (!covers(f)) out[f] = m;
    return out;
  }, [error, cleared]);

  return { pending, error, errors, result, run, reset, clearField };
}
