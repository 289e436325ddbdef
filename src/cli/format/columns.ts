/** osc-lib's format_columns: values that print one way in tables (human) and another in json/yaml (machine). */
import { pyStr } from './python.ts';

/** A cell with two renderings, like cliff's FormattableColumn. */
export class Formattable {
  human: string;
  machine: unknown;

  constructor(human: string, machine: unknown) {
    this.human = human;
    this.machine = machine;
  }
}

/** osc-lib `format_dict`: `key='value', other='x'`, keys sorted, nested dicts as `a.b='c'`, null as `key=`. */
export function formatDict(data: Record<string, unknown> | null | undefined, prefix = ''): string {
  if (!data) return '';
  const out: string[] = [];
  for (const k of Object.keys(data).sort()) {
    const key = prefix ? `${prefix}.${k}` : k;
    const v = data[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(formatDict(v as Record<string, unknown>, key));
    else if (v !== null && v !== undefined) out.push(`${key}='${pyStr(v)}'`);
    else out.push(`${key}=`);
  }
  return out.join(', ');
}

/** DictColumn: `key='value'` in tables, the dict in json. */
export function dictColumn(data: Record<string, unknown> | null | undefined): Formattable {
  return new Formattable(formatDict(data ?? {}), data ?? {});
}

/** ListColumn: sorted and comma-separated in tables, the list in json. */
export function listColumn(data: unknown[] | null | undefined): Formattable {
  return new Formattable([...(data ?? [])].map(pyStr).sort().join(', '), data ?? []);
}

/** ListDictColumn (format_list_of_dicts): one `key='value'` line per dict. */
export function listDictColumn(data: Record<string, unknown>[] | null | undefined): Formattable {
  return new Formattable((data ?? []).map((d) => formatDict(d)).join('\n'), data ?? []);
}

/** Addresses as OSC prints them: networks sorted, `net=ip1, ip2` joined by `; ` (IPs sorted as strings). */
export function addressesColumn(addresses: Record<string, { addr: string }[]> | null | undefined): Formattable {
  const machine: Record<string, string[]> = {};
  for (const [net, list] of Object.entries(addresses ?? {})) machine[net] = (list ?? []).map((a) => a.addr);
  const human = Object.keys(machine).sort().map((net) => `${net}=${[...machine[net]].sort().join(', ')}`).join('; ');
  return new Formattable(human, machine);
}

/** The machine-readable form of a cell (json, yaml). */
export function machine(v: unknown): unknown {
  return v instanceof Formattable ? v.machine : v;
}

/** The human-readable form of a cell (tables). */
export function human(v: unknown): unknown {
  return v instanceof Formattable ? v.human : v;
}
