/** Traits, and the traits of a resource provider (1.6+; placement/handlers/trait.py). */
import type { Ctx, Handler } from '../core/types.ts';
import { CODES, placementError, requireJson } from './errors.ts';
import { since } from './microversion.ts';
import { authorize } from './policy.ts';
import { extractJson, firstError, validateQuery, type Schema } from './schema.ts';
import { isCustom } from './standards.ts';
import { bumpGeneration, providerNotFound, PROVIDER_TRAITS, removeWhere, requireProvider, TRAITS, traitsOf } from './state.ts';

const CUSTOM_TRAIT: Schema = { type: 'string', minLength: 1, maxLength: 255, pattern: '^CUSTOM_[A-Z0-9_]+$' };

/** GET /traits?name=in:A,B|startswith:CUSTOM_&associated=true|false */
export const listTraits: Handler = (ctx, req) => {
  since(req, '1.6');
  authorize(req, 'placement:traits:list');
  validateQuery(req.query, { properties: { name: { type: 'string' }, associated: { type: 'string' } } });
  let names = ctx.db.all(TRAITS).map((t) => t.name as string);
  const name = req.query.get('name');
  if (name !== null) {
    const colon = name.indexOf(':');
    if (colon < 0) {
      throw placementError(400, `Badly formatted name parameter. Expected name query string parameter in form: ?name=[in|startswith]:[name1,name2|prefix]. Got: "${name}"`);
    }
    const [op, value] = [name.slice(0, colon), name.slice(colon + 1)];
    if (op === 'in') names = names.filter((n) => value.split(',').includes(n));
    if (op === 'startswith') names = names.filter((n) => n.startsWith(value));
  }
  const associated = req.query.get('associated');
  if (associated !== null) {
    const v = associated.toLowerCase();
    if (v !== 'true' && v !== 'false') throw placementError(400, 'The query parameter "associated" only accepts "true" or "false"');
    const used = new Set(ctx.db.all(PROVIDER_TRAITS).map((t) => t.trait));
    names = names.filter((n) => used.has(n) === (v === 'true'));
  }
  return { status: 200, body: { traits: names.sort() } };
};

/** GET /traits/{name}: 204 when it exists. */
export const showTrait: Handler = (ctx, req) => {
  since(req, '1.6');
  authorize(req, 'placement:traits:show');
  if (!ctx.db.get(TRAITS, req.params.name)) throw placementError(404, `No such trait(s): ${req.params.name}.`);
  return { status: 204 };
};

/** PUT /traits/{name}: creates a CUSTOM_ trait (201) or confirms it (204). */
export const putTrait: Handler = (ctx, req) => {
  since(req, '1.6');
  authorize(req, 'placement:traits:update');
  const name = req.params.name;
  if (firstError(name, CUSTOM_TRAIT)) {
    throw placementError(400, 'The trait is invalid. A valid trait must be no longer than 255 characters, start with the prefix "CUSTOM_" and use following characters: "A"-"Z", "0"-"9" and "_"');
  }
  const headers = { Location: `http://controller:8778/traits/${name}` };
  if (ctx.db.get(TRAITS, name)) return { status: 204, headers };
  const id = ctx.db.all(TRAITS).reduce((m, t) => Math.max(m, t.id), 0) + 1;
  ctx.db.insert(TRAITS, name, { id, name, created_at: ctx.iso() });
  return { status: 201, headers };
};

/** DELETE /traits/{name}: only unused custom traits. */
export const deleteTrait: Handler = (ctx, req) => {
  since(req, '1.6');
  authorize(req, 'placement:traits:delete');
  const name = req.params.name;
  if (!ctx.db.get(TRAITS, name)) throw placementError(404, `No such trait(s): ${name}.`);
  if (!isCustom(name)) throw placementError(400, `Cannot delete standard trait ${name}.`);
  if (ctx.db.all(PROVIDER_TRAITS).some((t) => t.trait === name)) throw placementError(409, `The trait ${name} is in use by a resource provider.`);
  ctx.db.remove(TRAITS, name);
  return { status: 204 };
};

/** GET /resource_providers/{uuid}/traits */
export const listProviderTraits: Handler = (ctx, req) => {
  since(req, '1.6');
  authorize(req, 'placement:resource_providers:traits:list');
  const uuid = req.params.uuid;
  const rp = requireProvider(ctx, uuid, `No resource provider with uuid ${uuid} found: ${providerNotFound(uuid)}`);
  return { status: 200, body: { traits: traitsOf(ctx, uuid), resource_provider_generation: rp.generation } };
};

/** PUT /resource_providers/{uuid}/traits: replaces the provider's traits; the generation must match. */
export const updateProviderTraits: Handler = (ctx, req) => {
  since(req, '1.6');
  requireJson(req.headers);
  authorize(req, 'placement:resource_providers:traits:update');
  const data = extractJson(req.body, {
    type: 'object',
    properties: { traits: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 } }, resource_provider_generation: { type: 'integer' } },
    required: ['traits', 'resource_provider_generation'],
    additionalProperties: false,
  });
  const rp = requireProvider(ctx, req.params.uuid);
  if (rp.generation !== data.resource_provider_generation) {
    throw placementError(409, "Resource provider's generation already changed. Please update the generation and try again.", CODES.concurrentUpdate);
  }
  const wanted = [...new Set<string>(data.traits)];
  const missing = wanted.filter((t) => !ctx.db.get(TRAITS, t));
  if (missing.length) throw placementError(400, `No such trait ${missing.join(', ')}`);
  setTraits(ctx, rp.uuid, wanted);
  const after = bumpGeneration(ctx, rp.uuid);
  return { status: 200, body: { traits: traitsOf(ctx, rp.uuid), resource_provider_generation: after.generation } };
};

/** DELETE /resource_providers/{uuid}/traits */
export const deleteProviderTraits: Handler = (ctx, req) => {
  since(req, '1.6');
  authorize(req, 'placement:resource_providers:traits:delete');
  const rp = requireProvider(ctx, req.params.uuid);
  setTraits(ctx, rp.uuid, []);
  bumpGeneration(ctx, rp.uuid);
  return { status: 204 };
};

function setTraits(ctx: Ctx, uuid: string, wanted: string[]): void {
  removeWhere(ctx, PROVIDER_TRAITS, (t) => t.resource_provider_uuid === uuid && !wanted.includes(t.trait));
  for (const t of wanted) {
    const key = `${uuid}/${t}`;
    if (!ctx.db.get(PROVIDER_TRAITS, key)) ctx.db.insert(PROVIDER_TRAITS, key, { resource_provider_uuid: uuid, trait: t });
  }
}
