// Paths into a state slice as tuple types, so a write names a real place in AppState and
// carries a value of that place's type: `cameras.set([id, 'status'], status)` compiles,
// `cameras.set([id, 'status'], 'playing')` does not. Depth is bounded (the state is shallow;
// the bound keeps the compiler from recursing without end).

type Lower = [never, 0, 1, 2, 3, 4, 5];

/** Every path into T, the empty path (T itself) included. */
export type SubPath<T, Depth extends number = 5> =
  | []
  | ([Depth] extends [never]
      ? never
      : T extends readonly (infer E)[]
        ? [number, ...SubPath<E, Lower[Depth]>]
        : T extends object
          ? { [K in keyof T & string]-?: [K, ...SubPath<NonNullable<T[K]>, Lower[Depth]>] }[keyof T & string]
          : never);

type Child<T, K> = T extends readonly (infer E)[]
  ? K extends number
    ? E
    : never
  : K extends keyof T
    ? T[K]
    : never;

/** The type of the value at path P of T (`undefined` included where a key is optional). */
export type ValueAt<T, P extends readonly unknown[]> = P extends readonly []
  ? T
  : P extends readonly [infer K, ...infer Rest]
    ? ValueAt<Child<NonNullable<T>, K>, Rest>
    : never;

/** The element type of the array at path P of T. */
export type ElementAt<T, P extends readonly unknown[]> =
  NonNullable<ValueAt<T, P>> extends readonly (infer E)[] ? E : never;
