// State patches: the minimal vocabulary that moves state from main to the renderer. Applying
// ops never mutates its input: untouched branches keep their identity, so React and zustand
// selectors re-render only what changed.

export type PathKey = string | number;
export type Path = readonly PathKey[];

export type PatchOp =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'delete'; path: Path }
  /** Append to the array at path, keeping only the last `limit` items. */
  | { op: 'append'; path: Path; values: unknown[]; limit: number };

type Container = Record<string, unknown> | unknown[];

function shallowCopy(value: unknown): Container {
  if (Array.isArray(value)) return value.slice();
  if (value !== null && typeof value === 'object') return { ...(value as Record<string, unknown>) };
  return {};
}

function getChild(node: unknown, key: PathKey): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  return (node as Record<PathKey, unknown>)[key];
}

/** Rebuilds the spine from the root to path[depth..] and applies `leaf` at the end. */
function rebuild(
  node: unknown,
  path: Path,
  depth: number,
  leaf: (parent: Container, key: PathKey) => void,
): unknown {
  const copy = shallowCopy(node);
  const key = path[depth]!;
  if (depth === path.length - 1) {
    leaf(copy, key);
  } else {
    (copy as Record<PathKey, unknown>)[key] = rebuild(getChild(node, key), path, depth + 1, leaf);
  }
  return copy;
}

export function applyOp<T>(state: T, op: PatchOp): T {
  if (op.path.length === 0) {
    if (op.op === 'set') return op.value as T;
    throw new Error(`patch op '${op.op}' needs a non-empty path`);
  }
  switch (op.op) {
    case 'set':
      return rebuild(state, op.path, 0, (parent, key) => {
        (parent as Record<PathKey, unknown>)[key] = op.value;
      }) as T;
    case 'delete':
      if (getAt(state, op.path) === undefined) return state;
      return rebuild(state, op.path, 0, (parent, key) => {
        if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
        else delete (parent as Record<PathKey, unknown>)[key];
      }) as T;
    case 'append':
      return rebuild(state, op.path, 0, (parent, key) => {
        const current = (parent as Record<PathKey, unknown>)[key];
        const next = (Array.isArray(current) ? current : []).concat(op.values);
        (parent as Record<PathKey, unknown>)[key] =
          next.length > op.limit ? next.slice(next.length - op.limit) : next;
      }) as T;
    default: {
      const never: never = op;
      throw new Error(`unknown patch op ${JSON.stringify(never)}`);
    }
  }
}

export function applyOps<T>(state: T, ops: readonly PatchOp[]): T {
  let next = state;
  for (const op of ops) next = applyOp(next, op);
  return next;
}

export function getAt(state: unknown, path: Path): unknown {
  let node = state;
  for (const key of path) node = getChild(node, key);
  return node;
}
