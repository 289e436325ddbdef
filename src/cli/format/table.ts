/** PrettyTable as cliff configures it: `+---+` borders, one space of padding, numbers right-aligned. */
import { PyFloat, pyStr } from './python.ts';
import { fillLine } from './wrap.ts';
import { human } from './columns.ts';

/** A value's alignment in PrettyTable via cliff: int and float right, everything else left. */
function alignOf(v: unknown): 'l' | 'r' {
  return (typeof v === 'number' || v instanceof PyFloat) ? 'r' : 'l';
}

function cellText(v: unknown): string {
  const h = human(v);
  return (typeof h === 'string' ? h : pyStr(h)).replace(/\r\n/g, '\n').replace(/\r/g, ' ');
}

/** Renders a table; `align` per column (from the first row), `maxWidth` per column for wrapping. */
export function renderTable(headers: string[], rows: unknown[][], opts: { align?: ('l' | 'r')[]; maxWidth?: number[]; printEmpty?: boolean } = {}): string {
  if (!rows.length && !opts.printEmpty) return '';
  const align = opts.align ?? headers.map((_, i) => (rows.length ? alignOf(rows[0][i]) : 'l'));
  let cells = rows.map((r) => headers.map((_, i) => cellText(r[i])));
  const widths = headers.map((h, i) => {
    let w = h.length;
    for (const r of cells) {
      const size = Math.max(0, ...r[i].split('\n').map((l) => l.length));
      const max = opts.maxWidth?.[i];
      w = Math.max(w, max ? Math.min(size, max) : size);
    }
    return w;
  });
  if (opts.maxWidth) {
    cells = cells.map((r) => r.map((c, i) => c.split('\n').map((l) => (l.length > widths[i] ? fillLine(l, widths[i]) : l)).join('\n')));
  }
  const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const line = (vals: string[]): string[] => {
    const split = vals.map((v) => v.split('\n'));
    const height = Math.max(1, ...split.map((s) => s.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      out.push('|' + split.map((s, i) => ' ' + justify(s[k] ?? '', widths[i], align[i]) + ' ').join('|') + '|');
    }
    return out;
  };
  const out = [rule, ...line(headers), rule];
  for (const r of cells) out.push(...line(r));
  if (cells.length) out.push(rule);
  return out.join('\n');
}

function justify(s: string, w: number, a: 'l' | 'r'): string {
  return a === 'r' ? s.padStart(w) : s.padEnd(w);
}

/** cliff's `_assign_max_widths`: shrink the widest columns so the table fits `termWidth`. */
export function fitWidths(headers: string[], rows: unknown[][], termWidth: number, minWidth: number): number[] | undefined {
  const first = renderTable(headers, rows, { printEmpty: true }).split('\n')[0];
  if (!first || first.length <= termWidth) return undefined;
  const fieldWidths = first.split('+').slice(1, -1).map((s) => Math.max(0, s.length - 2));
  const usable = Math.max(0, termWidth - 1 - 3 * headers.length);
  const optimal = headers.length ? Math.max(0, Math.floor(usable / headers.length)) : 0;
  let remaining = usable;
  const shrink: number[] = [];
  fieldWidths.forEach((w, i) => (w <= optimal ? (remaining -= w) : shrink.push(i)));
  const max: number[] = headers.map(() => 0);
  const to = Math.floor(remaining / shrink.length);
  for (const i of shrink.slice(0, -1)) {
    max[i] = Math.max(minWidth, to);
    remaining -= to;
  }
  max[shrink[shrink.length - 1]] = Math.max(minWidth, remaining);
  return max;
}
