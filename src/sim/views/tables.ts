/** Reading a cloud's tables for views: any table may be missing (a service not yet built, or nothing created yet). */

/** Every table of a cloud, as `Cloud.tables()` returns them. */
export type TableSet = Record<string, Record<string, unknown>>;

/** A row as views read it: plain JSON with fields that may be absent. */
export type AnyRow = Record<string, any>;

/** The rows of `name` in insertion order; none when the table does not exist. */
export function rows(tables: TableSet, name: string): AnyRow[] {
  return Object.values(tables[name] ?? {}) as AnyRow[];
}

/** Rows that are not soft-deleted (Nova keeps deleted rows with `deleted` set to their id). */
export function live(list: AnyRow[]): AnyRow[] {
  return list.filter((r) => !r.deleted);
}

/** Groups rows by a key, keeping the order in which rows came. */
export function groupBy(list: AnyRow[], key: (r: AnyRow) => string | null | undefined): Map<string, AnyRow[]> {
  const out = new Map<string, AnyRow[]>();
  for (const r of list) {
    const k = key(r);
    if (k === null || k === undefined) continue;
    const bucket = out.get(k);
    if (bucket) bucket.push(r);
    else out.set(k, [r]);
  }
  return out;
}
