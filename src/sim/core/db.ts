/** The databases: one table per resource, named as in real OpenStack (`nova.instances`). */

/** A table row: plain JSON data. */
export type Row = Record<string, any>;

/** All tables, keyed by `<schema>.<table>`, each keyed by the row's primary key. */
export type Tables = Record<string, Record<string, Row>>;

/** One undo entry: a row as it was before a write, or an event scheduled during the write. */
export type Undo = { table: string; key: string; before: Row | undefined } | { eventSeq: number };

/** What a write looked like, for the trace. */
export interface WriteInfo {
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  table: string;
  key: string;
  fields?: Row;
}

/**
 * Table access with an undo log, so a request that fails leaves the state as it found it.
 * `onWrite` is called once per write (the engine records it in the trace).
 */
export class Db {
  tables: Tables;
  undo: Undo[] = [];
  onWrite: (w: WriteInfo) => void;
  /** Each table's rows in Object.values order, kept up to date by the writes so scans need not rebuild them. */
  private rowsCache = new Map<string, { rows: Row[]; pos: Map<string, number> }>();
  constructor(tables: Tables, onWrite: (w: WriteInfo) => void) {
    this.tables = tables;
    this.onWrite = onWrite;
  }

  /** The table `name`, created empty on first use. */
  table<T extends Row = Row>(name: string): Record<string, T> {
    return (this.tables[name] ??= {}) as Record<string, T>;
  }

  /** The row with primary key `key`, or undefined. */
  get<T extends Row = Row>(name: string, key: string): T | undefined {
    return own(this.tables[name], key) as T | undefined;
  }

  private rows(name: string): Row[] {
    let c = this.rowsCache.get(name);
    if (!c) {
      const t = this.tables[name] ?? {};
      const keys = Object.keys(t);
      c = { rows: keys.map((k) => t[k]), pos: new Map(keys.map((k, i) => [k, i])) };
      this.rowsCache.set(name, c);
    }
    return c.rows;
  }

  /** Every row of the table, in insertion order (a fresh array the caller may sort). */
  all<T extends Row = Row>(name: string): T[] {
    return this.rows(name).slice() as T[];
  }

  /** The rows for which `pred` holds. */
  where<T extends Row = Row>(name: string, pred: (row: T) => boolean): T[] {
    return (this.rows(name) as T[]).filter(pred);
  }

  /** Rows whose `field` equals `value`, through an index built on first use and kept up to date (any order). */
  by<T extends Row = Row>(name: string, field: string, value: unknown): T[] {
    const idx = this.index(name, field);
    const keys = idx.get(value);
    if (!keys) return [];
    const t = this.tables[name] ?? {};
    return [...keys].map((k) => t[k] as T);
  }

  private indexes = new Map<string, Map<string, Map<unknown, Set<string>>>>();

  private index(name: string, field: string): Map<unknown, Set<string>> {
    let perTable = this.indexes.get(name);
    if (!perTable) this.indexes.set(name, (perTable = new Map()));
    let idx = perTable.get(field);
    if (!idx) {
      idx = new Map();
      for (const [k, row] of Object.entries(this.tables[name] ?? {})) addKey(idx, row[field], k);
      perTable.set(field, idx);
    }
    return idx;
  }

  private reindex(name: string, key: string, before: Row | undefined, after: Row | undefined): void {
    const perTable = this.indexes.get(name);
    if (!perTable) return;
    for (const [field, idx] of perTable) {
      if (before && after && before[field] === after[field]) continue;
      if (before) idx.get(before[field])?.delete(key);
      if (after) addKey(idx, after[field], key);
    }
  }

  private cacheInsert(name: string, key: string, row: Row): void {
    const c = this.rowsCache.get(name);
    if (!c) return;
    // Integer-like keys sort first in Object.values: rebuild rather than guess their place.
    if (/^(0|[1-9]\d*)$/.test(key)) this.rowsCache.delete(name);
    else {
      c.pos.set(key, c.rows.length);
      c.rows.push(row);
    }
  }

  private cacheUpdate(name: string, key: string, row: Row): void {
    const c = this.rowsCache.get(name);
    const i = c?.pos.get(key);
    if (c && i !== undefined) c.rows[i] = row;
    else this.rowsCache.delete(name);
  }

  /** Adds `row` under `key` (a copy is stored) and returns the stored row. */
  insert<T extends Row>(name: string, key: string, row: T): T {
    const t = this.table(name);
    if (own(t, key)) throw new Error(`duplicate key ${key} in ${name}: pick a fresh id`);
    this.undo.push({ table: name, key, before: undefined });
    put(t, key, structuredClone(row));
    this.cacheInsert(name, key, t[key]);
    this.reindex(name, key, undefined, t[key]);
    this.onWrite({ op: 'INSERT', table: name, key, fields: row });
    return t[key] as T;
  }

  /** Merges `patch` into the row under `key` and returns it; throws if the row is missing. */
  update<T extends Row = Row>(name: string, key: string, patch: Partial<T>): T {
    const t = this.table(name);
    const before = own(t, key);
    if (!before) throw new Error(`no row ${key} in ${name}: check it exists before updating`);
    this.undo.push({ table: name, key, before });
    put(t, key, { ...before, ...structuredClone(patch) });
    this.cacheUpdate(name, key, t[key]);
    this.reindex(name, key, before, t[key]);
    this.onWrite({ op: 'UPDATE', table: name, key, fields: patch as Row });
    return t[key] as T;
  }

  /** Deletes the row under `key`; a missing row is a no-op. */
  remove(name: string, key: string): void {
    const t = this.table(name);
    const before = own(t, key);
    if (!before) return;
    this.undo.push({ table: name, key, before });
    delete t[key];
    this.rowsCache.delete(name);
    this.reindex(name, key, before, undefined);
    this.onWrite({ op: 'DELETE', table: name, key });
  }

  /** A savepoint to roll back to. */
  savepoint(): number {
    return this.undo.length;
  }

  /** Undoes every write since `sp`; `dropEvent` removes events scheduled since then. */
  rollback(sp: number, dropEvent: (seq: number) => void): void {
    while (this.undo.length > sp) {
      const u = this.undo.pop()!;
      if ('eventSeq' in u) {
        dropEvent(u.eventSeq);
        continue;
      }
      const t = this.table(u.table);
      if (u.before === undefined) delete t[u.key];
      else put(t, u.key, u.before);
      this.rowsCache.delete(u.table);
      this.indexes.delete(u.table);
    }
  }
}

/** The row stored under `key` itself: ids such as `constructor` or `toString` name no row, not Object.prototype's. */
function own(t: Record<string, Row> | undefined, key: string): Row | undefined {
  return t && Object.hasOwn(t, key) ? t[key] : undefined;
}

/** Stores `row` under `key`; `__proto__` becomes an ordinary key instead of replacing the table's prototype. */
function put(t: Record<string, Row>, key: string, row: Row): void {
  if (key === '__proto__') Object.defineProperty(t, key, { value: row, writable: true, enumerable: true, configurable: true });
  else t[key] = row;
}

function addKey(idx: Map<unknown, Set<string>>, value: unknown, key: string): void {
  let set = idx.get(value);
  if (!set) idx.set(value, (set = new Set()));
  set.add(key);
}
