/**
 * Node's words for a system error, without its syscall: "no such file or directory (ENOENT)", where
 * the error itself says "ENOENT: no such file or directory, open 'x.yaml'". Shared by every message of
 * the command line that says why a file could not be read or written.
 */
export function errorWords(e: { code?: string; message?: string } | unknown): string {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown };
  const message = typeof err.message === 'string' ? err.message : String(e);
  const code = typeof err.code === 'string' ? err.code : undefined;
  const words = /^[A-Z0-9_]+: (.+?)(?:, \w+(?: '.*')?)?$/.exec(message)?.[1];
  if (!code) return words ?? message;
  return words ? `${words} (${code})` : code;
}
