// Counted nouns in messages an operator reads (log lines, errors): "1 camera", "3 cameras",
// never "camera(s)". Zod-free and dependency-free: main and the renderer both use it.
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
