/** cliff's produce_output for Lister and ShowOne: sort, pick `-c` columns, then the chosen formatter. */
import { CommandError } from '../errors.ts';
import type { Args, Output } from '../types.ts';
import { human, machine } from './columns.ts';
import { pyJson } from './json.ts';
import { PyFloat, pyStr, pyStrRepr } from './python.ts';
import { fitWidths, renderTable } from './table.ts';
import { pyYaml } from './yaml.ts';

function tupleRepr(xs: string[]): string {
  return `(${xs.map(pyStrRepr).join(', ')}${xs.length === 1 ? ',' : ''})`;
}

/** cliff's `_generate_columns_and_selector`: the kept column indexes, or an error naming the known ones. */
function select(columns: string[], wanted: string[]): number[] {
  if (!wanted.length) return columns.map((_, i) => i);
  const idx = columns.map((c, i) => (wanted.includes(c) ? i : -1)).filter((i) => i >= 0);
  if (!idx.length) {
    throw new CommandError(`No recognized column names in [${wanted.map(pyStrRepr).join(', ')}]. Recognized columns are ${tupleRepr(columns)}.`);
  }
  return idx;
}

function sortKey(v: unknown): unknown {
  const m = machine(v);
  return m instanceof PyFloat ? m.value : m;
}

function compare(a: unknown, b: unknown): number {
  // Python sorts None last via the (is None, value) key.
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Renders a command's output with the parsed output options; returns the text for stdout. */
export function emit(out: Output, args: Args, termWidth = 0): string {
  if (out.type === 'text') return out.text;
  const fmt: string = args.formatter ?? 'table';
  if (out.type === 'list') {
    let rows = out.rows;
    const sortCols: string[] = args.sort_columns ?? [];
    const idxs = sortCols.map((c) => out.columns.indexOf(c)).filter((i) => i >= 0);
    for (const i of [...idxs].reverse()) {
      const sorted = [...rows].sort((a, b) => compare(sortKey(a[i]), sortKey(b[i])));
      rows = args.sort_direction === 'desc' ? sorted.reverse() : sorted;
    }
    const keep = select(out.columns, args.columns ?? []);
    const cols = keep.map((i) => out.columns[i]);
    rows = rows.map((r) => keep.map((i) => r[i]));
    return emitList(fmt, cols, rows, args, termWidth);
  }
  const keep = select(out.columns, args.columns ?? []);
  return emitOne(fmt, keep.map((i) => out.columns[i]), keep.map((i) => out.values[i]), args, termWidth);
}

function widths(headers: string[], rows: unknown[][], args: Args, termWidth: number, min: number): number[] | undefined {
  const max = Number(args.max_width) > 0 ? Number(args.max_width) : args.fit_width ? termWidth : 0;
  return max > 0 ? fitWidths(headers, rows, max, min) : undefined;
}

function emitList(fmt: string, cols: string[], rows: unknown[][], args: Args, termWidth: number): string {
  const indent = args.noindent ? null : 2;
  switch (fmt) {
    case 'json': return pyJson(rows.map((r) => Object.fromEntries(cols.map((c, i) => [c, machine(r[i])]))), indent) + '\n';
    case 'yaml': return pyYaml(rows.map((r) => Object.fromEntries(cols.map((c, i) => [c, machine(r[i])]))));
    case 'value': return rows.map((r) => r.map((c) => pyStr(machine(c))).join(' ') + '\n').join('');
    case 'csv': return [cols, ...rows].map((r, n) => r.map((c) => csvCell(machine(c), args.quote_mode ?? 'nonnumeric', n === 0)).join(',') + '\n').join('');
    default:
      // PrettyTable refuses repeated headers.
      if (new Set(cols).size !== cols.length) throw new CommandError('Field names must be unique');
      return renderTable(cols, rows, { printEmpty: !!args.print_empty, maxWidth: widths(cols, rows, args, termWidth, 8) }) + '\n';
  }
}

function emitOne(fmt: string, cols: string[], vals: unknown[], args: Args, termWidth: number): string {
  switch (fmt) {
    case 'json': return pyJson(Object.fromEntries(cols.map((c, i) => [c, machine(vals[i])])), args.noindent ? null : 2) + '\n';
    case 'yaml': return cols.map((c, i) => pyYaml({ [c]: machine(vals[i]) })).join('');
    case 'value': return vals.map((v) => pyStr(machine(v)) + '\n').join('');
    case 'shell': return cols.map((c, i) => {
      const name = c.toLowerCase().replace(/ /g, '_').replace(/:/g, '_').replace(/-/g, '_');
      const v = machine(vals[i]);
      const s = typeof v === 'string' ? v.replace(/"/g, '\\"') : pyStr(v);
      return `${args.prefix ?? ''}${name}="${s}"\n`;
    }).join('');
    default: {
      const rows = cols.map((c, i) => [c, human(vals[i])]);
      const w = widths(['Field', 'Value'], rows, args, termWidth, 16);
      return renderTable(['Field', 'Value'], rows, { align: ['l', 'l'], maxWidth: w }) + '\n';
    }
  }
}

/** Python's csv writer with `escapechar='\\'` and the chosen quoting. */
function csvCell(v: unknown, mode: string, header: boolean): string {
  const numeric = !header && (typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat);
  const s = v === null || v === undefined ? '' : pyStr(v);
  const quote = mode === 'all' || (mode === 'nonnumeric' && !numeric) || (mode === 'minimal' && /[",\r\n]/.test(s));
  if (mode === 'none') return s.replace(/([\\,"\r\n])/g, '\\$1');
  return quote ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '""')}"` : s;
}
