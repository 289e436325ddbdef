/** Resource classes: the standard ones and CUSTOM_ ones (1.2+; placement/handlers/resource_class.py). */
import type { Ctx, Handler } from '../core/types.ts';
import { placementError, requireJson } from './errors.ts';
import { atLeast, since } from './microversion.ts';
import { authorize } from './policy.ts';
import { extractJson, type Schema } from './schema.ts';
import { CUSTOM_RC_BASE_ID, isCustom } from './standards.ts';
import { INVENTORIES, RESOURCE_CLASSES } from './state.ts';

const CUSTOM_NAME: Schema = {
  type: 'object',
  properties: { name: { type: 'string', pattern: '^CUSTOM_[A-Z0-9_]+$', maxLength: 255 } },
  required: ['name'],
  additionalProperties: false,
};

const classView = (name: string) => ({ name, links: [{ rel: 'self', href: `/resource_classes/${name}` }] });

function requireClass(ctx: Ctx, name: string): void {
  if (!ctx.db.get(RESOURCE_CLASSES, name)) throw placementError(404, `No such resource class ${name}.`);
}

function addClass(ctx: Ctx, name: string): void {
  const id = Math.max(CUSTOM_RC_BASE_ID - 1, ...ctx.db.all(RESOURCE_CLASSES).map((r) => r.id)) + 1;
  ctx.db.insert(RESOURCE_CLASSES, name, { id, name, created_at: ctx.iso() });
}

/** GET /resource_classes */
export const listResourceClasses: Handler = (ctx, req) => {
  since(req, '1.2');
  authorize(req, 'placement:resource_classes:list');
  const rows = ctx.db.all(RESOURCE_CLASSES).sort((a, b) => a.id - b.id);
  return { status: 200, body: { resource_classes: rows.map((r) => classView(r.name)) } };
};

/** POST /resource_classes `{"name": "CUSTOM_…"}`: 201 with a Location. */
export const createResourceClass: Handler = (ctx, req) => {
  since(req, '1.2');
  requireJson(req.headers);
  authorize(req, 'placement:resource_classes:create');
  const { name } = extractJson(req.body, CUSTOM_NAME);
  if (ctx.db.get(RESOURCE_CLASSES, name)) throw placementError(409, `Conflicting resource class already exists: ${name}`);
  addClass(ctx, name);
  return { status: 201, headers: { Location: `http://controller:8778/resource_classes/${name}` } };
};

/** GET /resource_classes/{name} */
export const showResourceClass: Handler = (ctx, req) => {
  since(req, '1.2');
  authorize(req, 'placement:resource_classes:show');
  requireClass(ctx, req.params.name);
  return { status: 200, body: classView(req.params.name) };
};

/** PUT /resource_classes/{name}: from 1.7 a bodiless create-or-confirm (201/204); 1.2–1.6 renames. */
export const updateResourceClass: Handler = (ctx, req) => {
  since(req, '1.2');
  authorize(req, 'placement:resource_classes:update');
  const name = req.params.name;
  if (atLeast(req, '1.7')) {
    extractJson({ name }, CUSTOM_NAME);
    if (ctx.db.get(RESOURCE_CLASSES, name)) return { status: 204 };
    addClass(ctx, name);
    return { status: 201, headers: { Location: `http://controller:8778/resource_classes/${name}` } };
  }
  requireJson(req.headers);
  const data = extractJson(req.body, CUSTOM_NAME);
  requireClass(ctx, name);
  if (ctx.db.get(RESOURCE_CLASSES, data.name)) throw placementError(409, `Resource class already exists: ${data.name}`);
  if (!isCustom(name)) throw placementError(400, `Cannot update standard resource class ${name}`);
  const row = ctx.db.get(RESOURCE_CLASSES, name)!;
  ctx.db.remove(RESOURCE_CLASSES, name);
  ctx.db.insert(RESOURCE_CLASSES, data.name, { ...row, name: data.name });
  return { status: 200, body: classView(data.name) };
};

/** DELETE /resource_classes/{name}: custom and unused only. */
export const deleteResourceClass: Handler = (ctx, req) => {
  since(req, '1.2');
  authorize(req, 'placement:resource_classes:delete');
  const name = req.params.name;
  requireClass(ctx, name);
  if (!isCustom(name)) throw placementError(400, `Error in delete resource class: Cannot delete standard resource class ${name}.`);
  if (ctx.db.all(INVENTORIES).some((i) => i.resource_class === name)) {
    throw placementError(409, `Error in delete resource class: Cannot delete resource class ${name}. Class is in use in inventory.`);
  }
  ctx.db.remove(RESOURCE_CLASSES, name);
  return { status: 204 };
};
