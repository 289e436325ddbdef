/** The image schema (glance/api/v2/images.py get_base_properties): validation and the /v2/schemas documents. */
import { apiError } from '../core/errors.ts';
import type { Handler } from '../core/types.ts';
import { schemaMismatch } from './messages.ts';

/** CONF.image_format defaults. */
export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];
export const VISIBILITIES = ['community', 'public', 'private', 'shared'];
export const STATUSES = ['queued', 'saving', 'active', 'killed', 'deleted', 'uploading', 'importing', 'pending_delete', 'deactivated'];

const UUID_PATTERN = '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$';

interface Prop {
  type: string | string[];
  enum?: (string | null)[];
  maxLength?: number;
  pattern?: string;
  readOnly?: boolean;
  items?: Prop;
}

/** The base properties with the constraints the API checks. */
export const BASE_PROPERTIES: Record<string, Prop> = {
  id: { type: 'string', pattern: UUID_PATTERN },
  name: { type: ['null', 'string'], maxLength: 255 },
  status: { type: 'string', readOnly: true, enum: STATUSES },
  visibility: { type: 'string', enum: VISIBILITIES },
  protected: { type: 'boolean' },
  os_hidden: { type: 'boolean' },
  checksum: { type: ['null', 'string'], readOnly: true, maxLength: 32 },
  os_hash_algo: { type: ['null', 'string'], readOnly: true, maxLength: 64 },
  os_hash_value: { type: ['null', 'string'], readOnly: true, maxLength: 128 },
  owner: { type: ['null', 'string'], maxLength: 255 },
  size: { type: ['null', 'integer'], readOnly: true },
  virtual_size: { type: ['null', 'integer'], readOnly: true },
  container_format: { type: ['null', 'string'], enum: [null, ...CONTAINER_FORMATS] },
  disk_format: { type: ['null', 'string'], enum: [null, ...DISK_FORMATS] },
  created_at: { type: 'string', readOnly: true },
  updated_at: { type: 'string', readOnly: true },
  tags: { type: 'array', items: { type: 'string', maxLength: 255 } },
  min_ram: { type: 'integer' },
  min_disk: { type: 'integer' },
  self: { type: 'string', readOnly: true },
  file: { type: 'string', readOnly: true },
  stores: { type: 'string', readOnly: true },
  schema: { type: 'string', readOnly: true },
};

/** Python's repr of a JSON value, as jsonschema's messages print instances. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as object).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

function isType(v: unknown, t: string): boolean {
  switch (t) {
    case 'null': return v === null;
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'array': return Array.isArray(v);
    default: return typeof v === 'object' && v !== null && !Array.isArray(v);
  }
}

/** jsonschema's first complaint about `v` against `p`, or undefined when it fits. */
function violation(v: unknown, p: Prop): { keyword: string; text: string } | undefined {
  const types = Array.isArray(p.type) ? p.type : [p.type];
  if (!types.some((t) => isType(v, t))) {
    const want = Array.isArray(p.type) ? pyRepr(p.type) : `'${p.type}'`;
    return { keyword: 'type', text: `${pyRepr(v)} is not of type ${want}` };
  }
  if (p.enum && !p.enum.includes(v as string | null)) return { keyword: 'enum', text: `${pyRepr(v)} is not one of ${pyRepr(p.enum)}` };
  if (typeof v === 'string' && p.maxLength !== undefined && v.length > p.maxLength) return { keyword: 'maxLength', text: `${pyRepr(v)} is too long` };
  if (typeof v === 'string' && p.pattern && !new RegExp(p.pattern).test(v)) return { keyword: 'pattern', text: `${pyRepr(v)} does not match ${pyRepr(p.pattern)}` };
  if (Array.isArray(v) && p.items) for (const item of v) {
    const bad = violation(item, p.items);
    if (bad) return bad;
  }
  return undefined;
}

/** Validates an image document (base properties and string-valued custom ones); throws 400 InvalidObject. */
export function validateImage(body: unknown): void {
  if (!isType(body, 'object')) throw apiError(400, schemaMismatch(`${pyRepr(body)} is not of type 'object'`));
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const prop = BASE_PROPERTIES[key] ?? { type: 'string' };
    const bad = violation(value, prop);
    if (!bad) continue;
    const where = BASE_PROPERTIES[key] ? `schema['properties']['${key}']` : "schema['additionalProperties']";
    throw apiError(400, schemaMismatch(`${bad.text}\n\nFailed validating '${bad.keyword}' in ${where}\n\nOn instance['${key}']:\n    ${pyRepr(value)}`));
  }
}

const imageSchema = () => ({
  name: 'image',
  properties: BASE_PROPERTIES,
  additionalProperties: { type: 'string' },
  links: [
    { rel: 'self', href: '{self}' },
    { rel: 'enclosure', href: '{file}' },
    { rel: 'describedby', href: '{schema}' },
  ],
});

/** GET /v2/schemas/image */
export const showImageSchema: Handler = () => ({ status: 200, body: imageSchema() });

/** GET /v2/schemas/images */
export const showImagesSchema: Handler = () => ({
  status: 200,
  body: {
    name: 'images',
    properties: {
      images: { type: 'array', items: imageSchema() },
      schema: { type: 'string' },
      first: { type: 'string' },
      next: { type: 'string' },
    },
    links: [
      { rel: 'first', href: '{first}' },
      { rel: 'next', href: '{next}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  },
});
