/** Resource providers: list with filters, create, show, update, delete (placement/handlers/resource_provider.py). */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { CODES, placementError, requireJson } from './errors.ts';
import { atLeast } from './microversion.ts';
import { authorize } from './policy.ts';
import { providerFilters } from './provider-filters.ts';
import { extractJson, type Schema } from './schema.ts';
import {
  allocationsOn, getProvider, INVENTORIES, nextId, PROVIDER_AGGREGATES, PROVIDER_TRAITS, PROVIDERS, removeWhere,
  requireProvider, type ProviderRow,
} from './state.ts';

const UUID_OR_NULL: Schema = { type: ['string', 'null'], format: 'uuid' };

/** The provider as the API shows it at the request's microversion. */
export function providerView(req: HandlerRequest, rp: ProviderRow): Record<string, unknown> {
  const self = `/resource_providers/${rp.uuid}`;
  const rels = ['inventories', 'usages'];
  if (atLeast(req, '1.1')) rels.push('aggregates');
  if (atLeast(req, '1.6')) rels.push('traits');
  if (atLeast(req, '1.11')) rels.push('allocations');
  const view: Record<string, unknown> = {
    uuid: rp.uuid,
    name: rp.name,
    generation: rp.generation,
    links: [{ rel: 'self', href: self }, ...rels.map((rel) => ({ rel, href: `${self}/${rel}` }))],
  };
  if (atLeast(req, '1.14')) {
    view.parent_provider_uuid = rp.parent_provider_uuid;
    view.root_provider_uuid = rp.root_provider_uuid;
  }
  return view;
}

/** str(uuid.UUID(x)): lower case with dashes. */
function normalizeUuid(u: string): string {
  const h = u.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** GET /resource_providers */
export const listResourceProviders: Handler = (ctx, req) => {
  authorize(req, 'placement:resource_providers:list');
  const keep = providerFilters(ctx, req);
  const rows = ctx.db.all<ProviderRow>(PROVIDERS).filter(keep).sort((a, b) => a.id - b.id);
  return { status: 200, body: { resource_providers: rows.map((rp) => providerView(req, rp)) } };
};

/** POST /resource_providers: 201 with only a Location before 1.20, 200 with the provider from 1.20. */
export const createResourceProvider: Handler = (ctx, req) => {
  requireJson(req.headers);
  authorize(req, 'placement:resource_providers:create');
  const schema: Schema = {
    type: 'object',
    properties: { name: { type: 'string', maxLength: 200 }, uuid: { type: 'string', format: 'uuid' } },
    required: ['name'],
    additionalProperties: false,
  };
  if (atLeast(req, '1.14')) schema.properties!.parent_provider_uuid = UUID_OR_NULL;
  const data = extractJson(req.body, schema);
  const uuid = data.uuid ? normalizeUuid(data.uuid) : ctx.ids.uuid();
  const dupes = [];
  if (getProvider(ctx, uuid)) dupes.push(`uuid: ${uuid}`);
  if (ctx.db.all<ProviderRow>(PROVIDERS).some((r) => r.name === data.name)) dupes.push(`name: ${data.name}`);
  if (dupes.length) throw placementError(409, `Conflicting resource provider ${dupes.join(', ')} already exists.`, CODES.duplicateName);
  let root = uuid;
  const parentUuid = data.parent_provider_uuid ? normalizeUuid(data.parent_provider_uuid) : null;
  if (parentUuid) {
    const parent = getProvider(ctx, parentUuid);
    if (!parent) {
      throw placementError(400, `Unable to create resource provider "${data.name}", ${uuid}: Object action create failed because: parent provider UUID does not exist.`);
    }
    root = parent.root_provider_uuid;
  }
  const now = ctx.iso();
  const rp: ProviderRow = { id: nextId(ctx, PROVIDERS), uuid, name: data.name, generation: 0, parent_provider_uuid: parentUuid, root_provider_uuid: root, created_at: now, updated_at: now };
  ctx.db.insert(PROVIDERS, uuid, rp);
  const headers = { Location: `http://controller:8778/resource_providers/${uuid}` };
  if (!atLeast(req, '1.20')) return { status: 201, headers };
  return { status: 200, headers: { ...headers, 'Cache-Control': 'no-cache' }, body: providerView(req, rp) };
};

/** GET /resource_providers/{uuid} */
export const showResourceProvider: Handler = (ctx, req) => {
  authorize(req, 'placement:resource_providers:show');
  return { status: 200, body: providerView(req, requireProvider(ctx, req.params.uuid)) };
};

function descendants(ctx: Ctx, uuid: string): string[] {
  const kids = ctx.db.where<ProviderRow>(PROVIDERS, (r) => r.parent_provider_uuid === uuid).map((r) => r.uuid);
  return kids.flatMap((k) => [k, ...descendants(ctx, k)]);
}

/** PUT /resource_providers/{uuid}: rename, and set the parent (re-parenting only from 1.37). */
export const updateResourceProvider: Handler = (ctx, req) => {
  requireJson(req.headers);
  authorize(req, 'placement:resource_providers:update');
  const rp = requireProvider(ctx, req.params.uuid);
  const schema: Schema = { type: 'object', properties: { name: { type: 'string', maxLength: 200 } }, required: ['name'], additionalProperties: false };
  if (atLeast(req, '1.14')) schema.properties!.parent_provider_uuid = UUID_OR_NULL;
  const data = extractJson(req.body, schema);
  const patch: Partial<ProviderRow> = { name: data.name, updated_at: ctx.iso() };
  const refuse = (why: string) => placementError(400, `Unable to save resource provider ${rp.uuid}: Object action update failed because: ${why}`);
  if ('parent_provider_uuid' in data) {
    const parentUuid = data.parent_provider_uuid ? normalizeUuid(data.parent_provider_uuid) : null;
    if (parentUuid !== rp.parent_provider_uuid) {
      const reparent = atLeast(req, '1.37');
      if (rp.parent_provider_uuid && parentUuid && !reparent) throw refuse('re-parenting a provider is not currently allowed.');
      if (rp.parent_provider_uuid && !parentUuid && !reparent) throw refuse('un-parenting a provider is not currently allowed.');
      const parent = parentUuid ? getProvider(ctx, parentUuid) : undefined;
      if (parentUuid && !parent) throw refuse('parent provider UUID does not exist.');
      if (parentUuid && (parentUuid === rp.uuid || descendants(ctx, rp.uuid).includes(parentUuid))) {
        throw refuse('creating loop in the provider tree is not allowed.');
      }
      patch.parent_provider_uuid = parentUuid;
      const root = parent ? parent.root_provider_uuid : rp.uuid;
      for (const d of [rp.uuid, ...descendants(ctx, rp.uuid)]) if (d !== rp.uuid) ctx.db.update(PROVIDERS, d, { root_provider_uuid: root });
      patch.root_provider_uuid = root;
    }
  }
  if (data.name !== rp.name && ctx.db.all<ProviderRow>(PROVIDERS).some((r) => r.name === data.name)) {
    throw placementError(409, `Conflicting resource provider ${data.name} already exists.`, CODES.duplicateName);
  }
  return { status: 200, body: providerView(req, ctx.db.update<ProviderRow>(PROVIDERS, rp.uuid, patch)) };
};

/** DELETE /resource_providers/{uuid}: 409 while it has allocations or children. */
export const deleteResourceProvider: Handler = (ctx, req) => {
  authorize(req, 'placement:resource_providers:delete');
  const uuid = req.params.uuid;
  requireProvider(ctx, uuid, `No resource provider with uuid ${uuid} found for delete`);
  if (allocationsOn(ctx, uuid).length) {
    throw placementError(409, `Unable to delete resource provider ${uuid}: Resource provider has allocations.`, CODES.providerInUse);
  }
  if (ctx.db.where<ProviderRow>(PROVIDERS, (r) => r.parent_provider_uuid === uuid).length) {
    throw placementError(409, `Unable to delete parent resource provider ${uuid}: It has child resource providers.`, CODES.cannotDeleteParent);
  }
  removeWhere(ctx, INVENTORIES, (r) => r.resource_provider_uuid === uuid);
  removeWhere(ctx, PROVIDER_TRAITS, (r) => r.resource_provider_uuid === uuid);
  removeWhere(ctx, PROVIDER_AGGREGATES, (r) => r.resource_provider_uuid === uuid);
  ctx.db.remove(PROVIDERS, uuid);
  return { status: 204 };
};
