/** Keypairs (os-keypairs): per user; generated when no public key is given (before 2.92), imported otherwise. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, Row } from '../core/types.ts';
import { atLeast } from './microversion.ts';
import { policyError } from './policy.ts';
import { limitsOf, usageOf } from './quotas.ts';
import { API, isoMicro, nextId } from './state.ts';
import { bodyObject, checkName, invalid, noExtraKeys, pyRepr, requireKey } from './validation.ts';
import { fingerprint, generateRsaPair, generateX509 } from './ssh-keys.ts';

/** The user whose keypairs the request is about: the caller, or `user_id` for admins (2.10+). */
function targetUser(req: HandlerRequest, fromBody?: unknown): string {
  const asked = (fromBody as string | undefined) ?? (atLeast(req, '2.10') ? req.query.get('user_id') ?? undefined : undefined);
  if (!asked || asked === req.auth.user_id) return req.auth.user_id;
  if (!req.auth.is_admin) throw policyError('os-keypairs:index');
  return asked;
}

function find(ctx: Ctx, userId: string, name: string): Row {
  const k = ctx.db.get(API.keyPairs, `${userId}:${name}`);
  if (!k) throw apiError(404, `Keypair ${name} not found for user ${userId}`);
  return k;
}

/** POST /os-keypairs: 200 at 2.1, 201 from 2.2; `private_key` only for a generated pair. */
export const createKeypair: Handler = (ctx, req) => {
  const b = bodyObject(req.body, 'keypair');
  const allowed = ['name', 'public_key', ...(atLeast(req, '2.2') ? ['type'] : []), ...(atLeast(req, '2.10') ? ['user_id'] : [])];
  noExtraKeys(b, allowed, 'keypair');
  requireKey(b, 'name', 'keypair');
  if (atLeast(req, '2.92')) requireKey(b, 'public_key', 'keypair');
  const name = checkName(b.name, 'name');
  const type: 'ssh' | 'x509' = b.type ?? 'ssh';
  if (type !== 'ssh' && type !== 'x509') throw invalid('type', b.type, `${pyRepr(b.type)} is not one of ['ssh', 'x509']`);
  if (b.public_key !== undefined && typeof b.public_key !== 'string') throw invalid('public_key', b.public_key, `${pyRepr(b.public_key)} is not of type 'string'`);
  const userId = targetUser(req, b.user_id);
  if (b.user_id && b.user_id !== req.auth.user_id && !req.auth.is_admin) throw policyError('os-keypairs:create');
  const safe = atLeast(req, '2.92') ? /^[a-zA-Z0-9 _@.-]+$/ : /^[a-zA-Z0-9 _-]+$/;
  if (!safe.test(name)) throw apiError(400, 'Keypair data is invalid: Keypair name contains unsafe characters');
  const limit = limitsOf(ctx, req.auth.project_id).key_pairs;
  if (limit >= 0 && usageOf(ctx, req.auth.project_id, userId).key_pairs >= limit) throw apiError(403, 'Quota exceeded, too many key pairs.');
  let publicKey: string;
  let privateKey: string | undefined;
  if (b.public_key !== undefined) publicKey = b.public_key;
  else ({ publicKey, privateKey } = type === 'x509' ? generateX509(ctx.ids) : generateRsaPair(ctx.ids));
  const fp = fingerprint(publicKey, type);
  if (!fp) throw apiError(400, 'Keypair data is invalid: failed to generate fingerprint');
  if (ctx.db.get(API.keyPairs, `${userId}:${name}`)) throw apiError(409, `Key pair '${name}' already exists.`);
  const row = { id: nextId(ctx, API.keyPairs), name, user_id: userId, fingerprint: fp, public_key: publicKey, type, created_at: ctx.iso(), updated_at: null, deleted: false, deleted_at: null };
  ctx.db.insert(API.keyPairs, `${userId}:${name}`, row);
  const out: Row = {};
  if (privateKey) out.private_key = privateKey;
  if (atLeast(req, '2.2')) out.type = type;
  Object.assign(out, { name, public_key: publicKey, fingerprint: fp, user_id: userId });
  return { status: atLeast(req, '2.2') ? 201 : 200, body: { keypair: out } };
};

/** GET /os-keypairs: the double-nested list of the user's keypairs. */
export const listKeypairs: Handler = (ctx, req) => {
  const userId = targetUser(req);
  let rows = ctx.db.where(API.keyPairs, (k) => k.user_id === userId).sort((a, b) => a.name.localeCompare(b.name));
  const marker = atLeast(req, '2.35') ? req.query.get('marker') : null;
  if (marker !== null) {
    const i = rows.findIndex((k) => k.name === marker);
    if (i < 0) throw apiError(400, `marker [${marker}] not found`);
    rows = rows.slice(i + 1);
  }
  const limit = atLeast(req, '2.35') ? req.query.get('limit') : null;
  if (limit !== null) rows = rows.slice(0, Number(limit));
  const typed = atLeast(req, '2.2');
  return {
    status: 200,
    body: { keypairs: rows.map((k) => ({ keypair: { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, ...(typed ? { type: k.type } : {}) } })) },
  };
};

/** GET /os-keypairs/{name}. */
export const showKeypair: Handler = (ctx, req) => {
  const k = find(ctx, targetUser(req), req.params.keypair_name);
  const out: Row = {
    name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, user_id: k.user_id,
    created_at: isoMicro(k.created_at), deleted: false, deleted_at: null, id: k.id, updated_at: null,
  };
  if (atLeast(req, '2.2')) out.type = k.type;
  return { status: 200, body: { keypair: out } };
};

/** DELETE /os-keypairs/{name}: 202 at 2.1, 204 from 2.2. */
export const deleteKeypair: Handler = (ctx, req) => {
  const k = find(ctx, targetUser(req), req.params.keypair_name);
  ctx.db.remove(API.keyPairs, `${k.user_id}:${k.name}`);
  return { status: atLeast(req, '2.2') ? 204 : 202 };
};
