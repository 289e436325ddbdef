/** Splits shell input into commands and words as bash does: quotes, `\` escapes, comments, `;` `&&` `||`, `$…`, redirections. */
import { readRedirect, type Redirect } from './redirect.ts';

/** A piece of a word; `quoted` pieces are not split into fields after expansion. */
export type Segment =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean }
  | { kind: 'cmd'; source: string; quoted: boolean };

/** A word before expansion. */
export type Word = Segment[];

/** A simple command and the operator that joins it to the previous one. */
export interface Step {
  op: ';' | '&&' | '||';
  words: Word[];
  redirects: Redirect[];
}

/** A bash syntax error, with bash's message. */
export class ShellSyntaxError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Parses the whole input into steps; throws ShellSyntaxError with bash's wording. */
export function lex(input: string): Step[] {
  const src = input.replace(/\r\n/g, '\n');
  const steps: Step[] = [];
  let words: Word[] = [];
  let redirects: Redirect[] = [];
  let word: Word | null = null;
  let op: Step['op'] = ';';
  let i = 0;
  const lit = (text: string, quoted: boolean) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && last.kind === 'lit' && last.quoted === quoted) last.text += text;
    else word.push({ kind: 'lit', text, quoted });
  };
  const endWord = () => {
    if (word) words.push(word);
    word = null;
  };
  const endStep = (next: Step['op'], token: string) => {
    endWord();
    if (!words.length) {
      if (token === '\n' && op === ';') return;
      throw new ShellSyntaxError(`syntax error near unexpected token \`${token}'`);
    }
    steps.push({ op, words, redirects });
    words = [];
    redirects = [];
    op = next;
  };
  // `$…` at src[i] ('$' already seen); returns the new index.
  const dollar = (quoted: boolean): void => {
    const rest = src.slice(i + 1);
    if (rest.startsWith('(')) {
      const end = matchParen(src, i + 1);
      (word ??= []).push({ kind: 'cmd', source: src.slice(i + 2, end), quoted });
      i = end + 1;
    } else if (rest.startsWith('{')) {
      const close = src.indexOf('}', i);
      if (close < 0) throw new ShellSyntaxError(`unexpected EOF while looking for matching \`}'`);
      const name = src.slice(i + 2, close);
      if (!/^([A-Za-z_][A-Za-z0-9_]*|\?)$/.test(name)) throw new ShellSyntaxError(`\${${name}}: bad substitution`);
      (word ??= []).push({ kind: 'var', name, quoted });
      i = close + 1;
    } else if (rest.startsWith('?')) {
      (word ??= []).push({ kind: 'var', name: '?', quoted });
      i += 2;
    } else {
      const m = NAME.exec(rest);
      if (m) {
        (word ??= []).push({ kind: 'var', name: m[0], quoted });
        i += 1 + m[0].length;
      } else {
        lit('$', quoted);
        i++;
      }
    }
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      if (src[i + 1] === '\n') { i += 2; continue; }
      if (i + 1 < src.length) lit(src[i + 1], true);
      i += 2;
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      lit(src.slice(i + 1, end), true);
      word ??= [];
      i = end + 1;
    } else if (c === '"') {
      word ??= [];
      i++;
      for (;;) {
        if (i >= src.length) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
        const d = src[i];
        if (d === '"') { i++; break; }
        if (d === '\\' && '"\\$`\n'.includes(src[i + 1] ?? '')) {
          if (src[i + 1] !== '\n') lit(src[i + 1], true);
          i += 2;
        } else if (d === '$') dollar(true);
        else if (d === '`') i = backtick(src, i, word, true);
        else { lit(d, true); i++; }
      }
    } else if (c === '$') {
      dollar(false);
    } else if (c === '`') {
      word ??= [];
      i = backtick(src, i, word, false);
    } else if (c === '#' && !word) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';') {
      endStep(';', c);
      i++;
    } else if (c === '<' || c === '>' || (c === '&' && src[i + 1] === '>')) {
      const w = word as Word | null;
      const digit = w && w.length === 1 && w[0].kind === 'lit' && !w[0].quoted && /^[12]$/.test(w[0].text) ? Number(w[0].text) : null;
      if (digit !== null) word = null;
      else endWord();
      const r = readRedirect(src, i, digit);
      redirects.push(r.redirect);
      i = r.end;
    } else if (c === '&' || c === '|') {
      if (src[i + 1] === c) {
        endStep(c === '&' ? '&&' : '||', c + c);
        i += 2;
        // A newline may follow && and ||.
        while (src[i] === '\n' || src[i] === ' ' || src[i] === '\t') i++;
      } else {
        throw new ShellSyntaxError(c === '|' ? 'pipes (|) are not available in this shell' : 'background jobs (&) are not available in this shell');
      }
    } else if (c === '(' || c === ')') {
      throw new ShellSyntaxError(`syntax error near unexpected token \`${c}'`);
    } else {
      lit(c, false);
      i++;
    }
  }
  endWord();
  if (words.length || redirects.length) steps.push({ op, words, redirects });
  else if (op !== ';') throw new ShellSyntaxError('syntax error: unexpected end of file');
  return steps;
}

/** Index of the `)` closing the `(` at `open`, skipping quotes and nested parentheses. */
function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') { j++; continue; }
    if (c === "'") {
      j = src.indexOf("'", j + 1);
      if (j < 0) break;
    } else if (c === '"') {
      j++;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  throw new ShellSyntaxError("unexpected EOF while looking for matching `)'");
}

function backtick(src: string, i: number, word: Word, quoted: boolean): number {
  const end = src.indexOf('`', i + 1);
  if (end < 0) throw new ShellSyntaxError('unexpected EOF while looking for matching ``\'');
  word.push({ kind: 'cmd', source: src.slice(i + 1, end), quoted });
  return end + 1;
}
