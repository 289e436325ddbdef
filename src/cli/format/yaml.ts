/** PyYAML's `safe_dump(default_flow_style=False)`: sorted keys, unindented sequences, plain or quoted scalars. */
import { PyFloat, pyFloat } from './python.ts';

// PyYAML's implicit resolvers: a string one of these would read back as something else is quoted.
const RESOLVES = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:=)$/,
];
const WIDTH = 80;
const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\',
  '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

/** PyYAML's analyze_scalar, reduced to the block context: plain, single-quoted or double-quoted. */
function style(s: string): 'plain' | 'single' | 'double' {
  if (/[^\n\x20-\x7e]/.test(s)) return 'double';
  if (RESOLVES.some((r) => r.test(s))) return 'single';
  if (s.startsWith('---') || s.startsWith('...')) return 'single';
  const ws = (i: number) => i >= s.length || ' \t\r\n'.includes(s[i]);
  if (/^[#,[\]{}&*!|>'"%@`]/.test(s) || (/^[?:-]/.test(s) && ws(1))) return 'single';
  for (let i = 1; i < s.length; i++) {
    if (s[i] === ':' && ws(i + 1)) return 'single';
    if (s[i] === '#' && ' \t'.includes(s[i - 1])) return 'single';
  }
  if (/^\s|\s$/.test(s) || s.includes('\n')) return 'single';
  return 'plain';
}

/** Writes text, turning a single space into a line break once the line has passed 80 columns (PyYAML's split). */
function fold(text: string, column: number, indent: number, quoted: boolean): string {
  let out = '';
  let col = column;
  const words = text.split(/( )/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const single = w === ' ' && words[i - 1] !== '' && words[i + 1] !== '' && i > 0 && i < words.length - 1;
    if (single && col > WIDTH && !(quoted && (i === 0 || i === words.length - 1))) {
      out += '\n' + ' '.repeat(indent);
      col = indent;
    } else {
      out += w;
      col += w.length;
    }
  }
  return out;
}

function scalar(v: unknown, column: number, indent: number): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (v instanceof PyFloat) return pyFloat(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v);
  const s = String(v);
  const st = style(s);
  if (st === 'plain') return fold(s, column, indent, false);
  if (st === 'single') {
    // A line break inside single quotes is written as an empty line, then the text goes on indented.
    const lines = s.replace(/'/g, "''").split('\n');
    return "'" + lines.map((l, k) => (k ? ' '.repeat(indent) : '') + fold(l, k ? indent : column + 1, indent, true)).join('\n\n') + "'";
  }
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ESCAPES[ch] !== undefined) out += '\\' + ESCAPES[ch];
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c <= 0xff) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c <= 0xffff) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += '\\U' + c.toString(16).toUpperCase().padStart(8, '0');
  }
  return out + '"';
}

function isCollection(v: unknown): v is object {
  return !!v && typeof v === 'object' && !(v instanceof PyFloat);
}

function isEmpty(v: object): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function inline(v: unknown, column: number, indent: number): string {
  if (isCollection(v)) return Array.isArray(v) ? '[]' : '{}';
  return scalar(v, column, indent);
}

function emit(v: unknown, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    for (const x of v) {
      if (isCollection(x) && !isEmpty(x)) {
        const sub: string[] = [];
        emit(x, indent + 2, sub);
        sub[0] = `${pad}- ${sub[0].trimStart()}`;
        out.push(...sub);
      } else out.push(`${pad}- ${inline(x, indent + 2, indent + 2)}`);
    }
    return;
  }
  for (const k of Object.keys(v as object).sort()) {
    const x = (v as Record<string, unknown>)[k];
    const key = scalar(k, indent, indent + 2);
    if (isCollection(x) && !isEmpty(x)) {
      out.push(`${pad}${key}:`);
      emit(x, Array.isArray(x) ? indent : indent + 2, out);
    } else out.push(`${pad}${key}: ${inline(x, indent + key.length + 2, indent + 2)}`);
  }
}

/** One YAML document as `yaml.safe_dump` writes it, ending in a newline. */
export function pyYaml(v: unknown): string {
  if (!isCollection(v)) return `${scalar(v, 0, 2)}\n...\n`;
  if (isEmpty(v)) return `${inline(v, 0, 2)}\n`;
  const out: string[] = [];
  emit(v, 0, out);
  return out.join('\n') + '\n';
}
