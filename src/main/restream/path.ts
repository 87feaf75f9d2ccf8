// Restream paths: a slug of the camera's name, chosen when the camera is added and stored on
// it, so renaming the camera does not break the URLs its consumers were given.

/** `Front Door (east)` -> `front-door-east`; empty names give `camera`. */
export function slugOf(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return s === '' ? 'camera' : s;
}

/** A slug of `name` not in `taken` (adds -2, -3, ... when needed). */
export function uniqueSlug(name: string, taken: ReadonlySet<string>): string {
  const base = slugOf(name);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
