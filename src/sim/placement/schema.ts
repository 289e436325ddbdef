/** A small JSON-schema checker with jsonschema's wording, for placement's request bodies and query strings. */
import { placementError } from './errors.ts';

/** The subset of JSON schema placement's schemas use. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  minProperties?: number;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
  format?: 'uuid';
}

/** placement/db/constants.py MAX_INT (the largest value a 32-bit signed column holds). */
export const MAX_INT = 2147483647;
export const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
export const RC_PATTERN = '^[A-Z0-9_]+$';

/** Python's repr, as jsonschema prints instances. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v.replace(/'/g, "\\'")}'`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as object).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

function typeOk(v: unknown, t: string): boolean {
  switch (t) {
    case 'null': return v === null;
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'array': return Array.isArray(v);
    default: return typeof v === 'object' && v !== null && !Array.isArray(v);
  }
}

/** The first complaint jsonschema would make, or undefined. */
export function firstError(v: unknown, s: Schema): string | undefined {
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeOk(v, t))) return `${pyRepr(v)} is not of type ${types.map((t) => `'${t}'`).join(', ')}`;
  }
  if (s.enum && !s.enum.includes(v)) return `${pyRepr(v)} is not one of ${pyRepr(s.enum)}`;
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) return `${v} is less than the minimum of ${s.minimum}`;
    if (s.maximum !== undefined && v > s.maximum) return `${v} is greater than the maximum of ${s.maximum}`;
  }
  if (typeof v === 'string') {
    if (s.minLength !== undefined && v.length < s.minLength) return `${pyRepr(v)} is too short`;
    if (s.maxLength !== undefined && v.length > s.maxLength) return `${pyRepr(v)} is too long`;
    if (s.pattern && !new RegExp(s.pattern).test(v)) return `${pyRepr(v)} does not match ${pyRepr(s.pattern)}`;
    if (s.format === 'uuid' && !UUID.test(v)) return `${pyRepr(v)} is not a 'uuid'`;
  }
  if (Array.isArray(v) && s.items) for (const item of v) {
    const e = firstError(item, s.items);
    if (e) return e;
  }
  if (typeOk(v, 'object') && (s.properties || s.required || s.patternProperties || s.additionalProperties !== undefined || s.minProperties)) {
    const obj = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) return `${pyRepr(r)} is a required property`;
    if (s.minProperties && Object.keys(obj).length < s.minProperties) return `${pyRepr(obj)} does not have enough properties`;
    const extra: string[] = [];
    for (const [k, x] of Object.entries(obj)) {
      const sub = s.properties?.[k] ?? Object.entries(s.patternProperties ?? {}).find(([p]) => new RegExp(p).test(k))?.[1];
      if (sub) {
        const e = firstError(x, sub);
        if (e) return e;
      } else if (s.additionalProperties === false) {
        extra.push(k);
      } else if (typeof s.additionalProperties === 'object') {
        const e = firstError(x, s.additionalProperties);
        if (e) return e;
      }
    }
    if (extra.length) return `Additional properties are not allowed (${extra.map(pyRepr).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`;
  }
  return undefined;
}

/** util.extract_json: the body must fit the schema (400 "JSON does not validate: ..."). */
export function extractJson<T = any>(body: unknown, schema: Schema): T {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch (e) {
      throw placementError(400, `Malformed JSON: ${(e as Error).message}`);
    }
  }
  if (body === undefined) throw placementError(400, 'Malformed JSON: Expecting value: line 1 column 1 (char 0)');
  const err = firstError(body, schema);
  if (err) throw placementError(400, `JSON does not validate: ${err}`);
  return body as T;
}

/** util.validate_query_params: the query string as a dict of its last values must fit the schema. */
export function validateQuery(query: URLSearchParams, schema: Schema): void {
  const err = firstError(Object.fromEntries(query.entries()), { type: 'object', additionalProperties: false, ...schema });
  if (err) throw placementError(400, `Invalid query string parameters: ${err}`);
}
