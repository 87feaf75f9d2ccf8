// A child AbortController that aborts with its parent, and whose link to the parent is
// removed when the child's job ends (`dispose`), so a long-lived parent (a camera's signal)
// does not collect one listener per attempt. AbortSignal.any would hold the children until
// the parent is collected; this ends the link at a known point.

export interface LinkedController {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  /** Aborts the child (ending whatever still listens to it) and unlinks it from the parent. */
  dispose(): void;
}

export function linkedController(parent: AbortSignal): LinkedController {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return {
    controller,
    signal: controller.signal,
    dispose: () => {
      parent.removeEventListener('abort', onAbort);
      if (!controller.signal.aborted) controller.abort(new Error('attempt ended'));
    },
  };
}
