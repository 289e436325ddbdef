/** Volume types: the `__DEFAULT__` type that `cinder-manage db sync` creates, listed and looked up by name or id. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { DEFAULT_TYPE, T } from './state.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Creates the default volume type (run once when the cloud is built). */
export function createDefaultType(ctx: Ctx): void {
  const id = ctx.ids.uuid();
  ctx.db.insert(T.types, id, {
    id,
    name: DEFAULT_TYPE,
    description: 'Default Volume Type',
    is_public: true,
    extra_specs: {},
    qos_specs_id: null,
  });
}

/** The type named or numbered `nameOrId`; 404 as VolumeTypeNotFound(ByName) when there is none. */
export function findType(ctx: Ctx, nameOrId: string): Record<string, any> {
  const t = ctx.db.get(T.types, nameOrId) ?? ctx.db.all(T.types).find((x) => x.name === nameOrId);
  if (t) return t;
  throw apiError(404, UUID.test(nameOrId) ? `Volume type ${nameOrId} could not be found.` : `Volume type with name ${nameOrId} could not be found.`);
}

/** The type `__DEFAULT__` (default_volume_type in cinder.conf). */
export function defaultType(ctx: Ctx): Record<string, any> {
  return findType(ctx, DEFAULT_TYPE);
}

function view(req: HandlerRequest, t: Record<string, any>) {
  const out: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    is_public: t.is_public,
    description: t.description,
    'os-volume-type-access:is_public': t.is_public,
  };
  // Extra specs and QoS belong to admins (volume_extension:access_types_*).
  if (req.auth.is_admin) {
    out.extra_specs = { ...t.extra_specs };
    out.qos_specs_id = t.qos_specs_id;
  }
  return out;
}

/** GET /types */
export const listTypes: Handler = (ctx, req) => ({ status: 200, body: { volume_types: ctx.db.all(T.types).map((t) => view(req, t)) } });

/** GET /types/{type_id} */
export const showType: Handler = (ctx, req) => ({ status: 200, body: { volume_type: view(req, findType(ctx, req.params.type_id)) } });
