/** Small builders for command tables and outputs, so each command reads like the real one's get_parser. */
import type { Output, Param } from '../types.ts';

/** An option taking a value: `opt('--flavor', '<flavor>', 'Create server with this flavor (name or ID)', { required: true })`. */
export function opt(flag: string | string[], metavar: string, help: string, extra: Partial<Param> = {}): Param {
  const flags = Array.isArray(flag) ? flag : [flag];
  return { flags, dest: destOf(flags), metavar, help, ...extra };
}

/** A repeatable option (`action='append'`). */
export function multi(flag: string, metavar: string, help: string, extra: Partial<Param> = {}): Param {
  return opt(flag, metavar, help, { action: 'append', ...extra });
}

/** A flag (`store_true`); with `extra.action: 'false'` it clears `dest`. */
export function flag(flag: string | string[], help: string, extra: Partial<Param> = {}): Param {
  const flags = Array.isArray(flag) ? flag : [flag];
  return { flags, dest: destOf(flags), action: 'true', help, ...extra };
}

/** A positional: `pos('server_name', '<server-name>', 'New server name')`. */
export function pos(dest: string, metavar: string, help: string, extra: Partial<Param> = {}): Param {
  return { dest, metavar, help, ...extra };
}

function destOf(flags: string[]): string {
  return flags[flags.length - 1].replace(/^-+/, '').replace(/-/g, '_');
}

/** A ShowOne result from a dict, rows sorted by field name as OSC's `zip(*sorted(data.items()))`. */
export function showSorted(data: Record<string, unknown>): Output {
  const columns = Object.keys(data).sort();
  return { type: 'show', columns, values: columns.map((c) => data[c]) };
}

/** A ShowOne result in a fixed row order. */
export function showOrdered(pairs: [string, unknown][]): Output {
  return { type: 'show', columns: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) };
}

/** A Lister result. */
export function listOf(columns: string[], rows: unknown[][]): Output {
  return { type: 'list', columns, rows };
}

/** Parses `key=value` pairs from repeated `--property` options (osc-lib's KeyValueAction). */
export function keyValues(items: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const i = item.indexOf('=');
    if (i < 0) out[item] = '';
    else out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}
