// One base for camrelay's errors: a stable, machine-readable `code` and typed context per
// code, as undici's errors carry theirs. Callers branch on `code` and read `context`; nothing
// parses `message`, which is for people (logs and the console) and may change wording.
//
// Each engine or service declares its codes and their context once:
//
//   type RtspContexts = { timeout: { phase: 'connect' | 'response' }; network: { errno?: string } };
//   class RtspError extends CodedError<RtspContexts> {}
//   new RtspError('timeout', 'no answer to DESCRIBE', { phase: 'response' });

/** Context shapes keyed by code: `{ [code]: { ...fields } }`. */
export type ContextMap = Record<string, object>;

/** Codes that carry no context beyond the message. */
export type PlainCodes<C extends string> = { [K in C]: Record<never, never> };

export class CodedError<
  M extends ContextMap = ContextMap,
  C extends keyof M & string = keyof M & string,
> extends Error {
  constructor(
    /** Stable identifier: safe to switch on, to count in metrics, to send over IPC. */
    readonly code: C,
    message: string,
    /** Typed detail for this code (never secrets: it may be logged and sent to the console). */
    readonly context: M[C],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    // The subclass's own name, so logs say `RtspError: …` without each class repeating it.
    this.name = new.target.name;
  }

  /** Narrows to one code, with its context typed: `if (e.is('timeout')) e.context.phase`. */
  is<K extends keyof M & string>(code: K): this is CodedError<M, K> {
    return (this.code as string) === code;
  }

  toJSON(): { name: string; code: string; message: string; context: object } {
    return { name: this.name, code: this.code, message: this.message, context: this.context };
  }
}

/** The `code` of any CodedError (or a Node system error's `code`, e.g. `EADDRINUSE`), else undefined. */
export function errorCode(err: unknown): string | undefined {
  if (err instanceof CodedError) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
