// State patches: the minimal vocabulary that moves state from main to the renderer. Applying
// ops never mutates its input: untouched branches keep their identity, so React and zustand
// selectors re-render only what changed. Within one batch each container on a touched path
// is copied once (copy-on-write), not once per op: 300 cameras updating every second cost
// one copy of the cameras map, not 1,200.

export type PathKey = string | number;
export type Path = readonly PathKey[];

export type PatchOp =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'delete'; path: Path }
  /** Append to the array at path, keeping only the last `limit` items. */
  | { op: 'append'; path: Path; values: unknown[]; limit: number };

type Container = Record<PathKey, unknown>;

/**
 * Containers created during the current batch, which later ops of the same batch may change
 * in place. Values carried by `set` ops are never in it: they are shared with other readers.
 */
export type FreshSet = WeakSet<object>;

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function writable(node: unknown, fresh: FreshSet): Container {
  if (isContainer(node) && fresh.has(node)) return node as Container;
  const copy = (Array.isArray(node) ? node.slice() : isContainer(node) ? { ...node } : {}) as Container;
  fresh.add(copy);
  return copy;
}

function getChild(node: unknown, key: PathKey): unknown {
  return isContainer(node) ? (node as Container)[key] : undefined;
}

export function getAt(state: unknown, path: Path): unknown {
  let node = state;
  for (const key of path) node = getChild(node, key);
  return node;
}

/** Applies one op, copying only containers not already fresh in this batch. */
export function applyOpFresh<T>(state: T, op: PatchOp, fresh: FreshSet): T {
  const { path } = op;
  if (path.length === 0) {
    if (op.op === 'set') return op.value as T;
    throw new Error(`patch op '${op.op}' needs a non-empty path`);
  }
  if (op.op === 'delete' && getAt(state, path) === undefined) return state;
  const root = writable(state, fresh);
  let parent = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const child = writable(parent[key], fresh);
    parent[key] = child;
    parent = child;
  }
  const key = path[path.length - 1]!;
  switch (op.op) {
    case 'set':
      parent[key] = op.value;
      break;
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete parent[key];
      break;
    case 'append': {
      const current = parent[key];
      let next = (Array.isArray(current) ? current : []).concat(op.values);
      if (next.length > op.limit) next = next.slice(next.length - op.limit);
      fresh.add(next);
      parent[key] = next;
      break;
    }
    default: {
      const never: never = op;
      throw new Error(`unknown patch op ${JSON.stringify(never)}`);
    }
  }
  return root as T;
}

export function applyOp<T>(state: T, op: PatchOp): T {
  return applyOpFresh(state, op, new WeakSet());
}

export function applyOps<T>(state: T, ops: readonly PatchOp[]): T {
  const fresh: FreshSet = new WeakSet();
  let next = state;
  for (const op of ops) next = applyOpFresh(next, op, fresh);
  return next;
}
