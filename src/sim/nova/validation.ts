/** Request-body checks that answer like Nova's JSON-schema validator. */
import { apiError, type ApiError } from '../core/errors.ts';

/** Renders JSON the way Python's repr() prints it, as Nova's validation messages quote values. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** A 400 for field `path` holding `value`, as jsonschema reports it. */
export function invalid(path: string, value: unknown, message: string): ApiError {
  return apiError(400, `Invalid input for field/attribute ${path}. Value: ${pyRepr(value)}. ${message}`);
}

/** The object under `key` of a request body; 400 when the body or the key is missing. */
export function bodyObject(body: unknown, key: string): Record<string, any> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw apiError(400, `'${key}' is a required property`);
  const obj = (body as Record<string, unknown>)[key];
  if (obj === undefined) throw apiError(400, `'${key}' is a required property`);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw invalid(key, obj, `${pyRepr(obj)} is not of type 'object'`);
  return obj as Record<string, any>;
}

/** Checks that `obj` (found at `path`) has `key`. */
export function requireKey(obj: Record<string, unknown>, key: string, path: string): void {
  if (obj[key] === undefined) throw invalid(path, obj, `'${key}' is a required property`);
}

/** Rejects keys of `obj` outside `allowed` (additionalProperties: false). */
export function noExtraKeys(obj: Record<string, unknown>, allowed: string[], path: string): void {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length) {
    const list = extra.map((k) => pyRepr(k)).join(', ');
    throw invalid(path, obj, `Additional properties are not allowed (${list} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  }
}

/** A name as Nova's schema wants it: a string of 1-255 characters without leading or trailing spaces. */
export function checkName(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalid(path, value, `${pyRepr(value)} is not of type 'string'`);
  if (value.length < 1) throw invalid(path, value, `${pyRepr(value)} is too short`);
  if (value.length > 255) throw invalid(path, value, `${pyRepr(value)} is too long`);
  if (value.trim() !== value) throw invalid(path, value, `${pyRepr(value)} does not match '^(?! )[^\\x00-\\x1f]*(?<! )$'`);
  return value;
}

/** An integer (or integer string) within [min, max]. */
export function checkInt(value: unknown, path: string, min: number, max = 2147483647): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalid(path, value, `${pyRepr(value)} is not of type 'integer', 'string'`);
  if (n < min) throw invalid(path, value, `${pyRepr(value)} is less than the minimum of ${min}`);
  if (n > max) throw invalid(path, value, `${pyRepr(value)} is greater than the maximum of ${max}`);
  return n;
}

/** True for a canonical UUID (with or without dashes). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s);
}
