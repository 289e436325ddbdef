/** Redirections: `> /dev/null`, `2>&1`, `&> /dev/null`, `>&2`. There are no files, so other targets are refused. */
import { ShellSyntaxError } from './lexer.ts';
import type { ShellIo } from './builtins.ts';

/** One redirection of a command: which stream (0 in, 1 out, 2 err, 3 both) goes where (`/dev/null`, `&1`, `&2`, a name). */
export interface Redirect {
  fd: 0 | 1 | 2 | 3;
  target: string;
}

const STOP = ' \t\n;&|<>()';

/** Reads a redirection starting at `src[i]` (`<`, `>`, `&>`); `fd` is a digit typed just before it. */
export function readRedirect(src: string, i: number, fd: number | null): { redirect: Redirect; end: number } {
  let which: Redirect['fd'];
  if (src[i] === '&') { which = 3; i += 2; } else if (src[i] === '<') { which = 0; i++; } else { which = fd === 2 ? 2 : 1; i++; }
  if (src[i] === '>' && which !== 0) i++;
  if (src[i] === '&' && which !== 3) {
    const m = /^[0-9]/.exec(src.slice(i + 1));
    if (!m) throw new ShellSyntaxError(`syntax error near unexpected token \`${src[i + 1] ?? 'newline'}'`);
    return { redirect: { fd: which, target: `&${m[0]}` }, end: i + 2 };
  }
  while (src[i] === ' ' || src[i] === '\t') i++;
  let target = '';
  while (i < src.length && !STOP.includes(src[i])) {
    const q = src[i];
    if (q === '"' || q === "'") {
      const close = src.indexOf(q, i + 1);
      if (close < 0) throw new ShellSyntaxError(`unexpected EOF while looking for matching \`${q}'`);
      target += src.slice(i + 1, close);
      i = close + 1;
    } else target += src[i++];
  }
  if (!target) throw new ShellSyntaxError(`syntax error near unexpected token \`${src[i] === undefined || src[i] === '\n' ? 'newline' : src[i]}'`);
  return { redirect: { fd: which, target }, end: i };
}

/** Applies a command's redirections left to right; an error message when one cannot be honoured. */
export function redirectIo(io: ShellIo, redirects: Redirect[]): ShellIo | string {
  let { out, err } = io;
  const nowhere = () => {};
  for (const r of redirects) {
    if (r.fd === 0) {
      if (r.target !== '/dev/null') return `bash: ${r.target}: No such file or directory\n`;
      continue;
    }
    let to: (t: string) => void;
    if (r.target === '/dev/null') to = nowhere;
    else if (r.target === '&1') to = out;
    else if (r.target === '&2') to = err;
    else return `bash: ${r.target}: Read-only file system (this shell has no files; use /dev/null)\n`;
    if (r.fd === 1 || r.fd === 3) out = to;
    if (r.fd === 2 || r.fd === 3) err = to;
  }
  return { out, err };
}
