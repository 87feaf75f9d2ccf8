// Counted nouns in messages an operator reads (log lines, errors): "1 camera", "3 cameras",
// never "camera(s)". Zod-free and dependency-free: main and the renderer both use it.
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One case style for what the operator reads: a message starts with a capital letter (main's
 * field messages are written as fragments, "at least 8 characters", to read well in logs and
 * the API). A field path or an address at the start is left as it is. */
export function sentence(message: string): string {
  // A field path or a URL scheme first (`listeners.0.port: …`, `rtsp://…`) is code, not a word.
  if (!/^[a-z]/.test(message) || /^[a-z][\w+.-]*:/.test(message)) return message;
  return message[0]!.toUpperCase() + message.slice(1);
}
