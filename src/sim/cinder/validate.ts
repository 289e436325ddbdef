/** Request-body checks with the wording of cinder's jsonschema validator. */
import { apiError } from '../core/errors.ts';
import { invalidField, pyRepr } from './messages.ts';

/** The object under `key` of a body; 400 when the body or the key is missing or not an object. */
export function requireObject(body: any, key: string): Record<string, any> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw apiError(400, `${pyRepr(body ?? null)} is not of type 'object'`);
  if (!(key in body)) throw apiError(400, `'${key}' is a required property`);
  const obj = body[key];
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw apiError(400, invalidField(key, obj, `${pyRepr(obj)} is not of type 'object'`));
  return obj;
}

/** A name or description: a string (or null) of at most 255 characters once trimmed. */
export function checkText(obj: Record<string, any>, key: string, label: string): string | null | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw apiError(400, invalidField(key, v, `${pyRepr(v)} is not of type 'string', 'null'`));
  const t = v.trim();
  if (t.length > 255) throw apiError(400, `Invalid input received: ${label} has ${t.length} characters, more than 255.`);
  return t;
}

/** A volume size: an integer or a digit string of at least `min` (schema `volume_size`); undefined when absent. */
export function checkSize(obj: Record<string, any>, key: string, min = 1): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean' || (typeof v === 'number' && !Number.isInteger(v)) || (typeof v !== 'number' && typeof v !== 'string')) {
    throw apiError(400, invalidField(key, v, `${pyRepr(v)} is not of type 'integer', 'string', 'null'`));
  }
  if (typeof v === 'string' && !/^[0-9]+$/.test(v)) throw apiError(400, invalidField(key, v, `${pyRepr(v)} does not match '^[0-9]+$'`));
  const n = Number(v);
  if (n < min) throw apiError(400, invalidField(key, v, `${n} is less than the minimum of ${min}`));
  return n;
}

/** Metadata: an object of strings (keys and values up to 255 characters). */
export function checkMetadata(obj: Record<string, any>, key: string): Record<string, string> | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw apiError(400, invalidField(key, v, `${pyRepr(v)} is not of type 'object', 'null'`));
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw apiError(400, invalidField(k, x, `${pyRepr(x)} is not of type 'string'`));
    if (k.length > 255 || x.length > 255) throw apiError(400, invalidField(k, x, `${pyRepr(x)} is too long`));
  }
  return { ...v } as Record<string, string>;
}
