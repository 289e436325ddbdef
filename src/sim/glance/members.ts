/** Image members: sharing a `shared` image with other projects (glance/api/v2/image_members.py). */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { enforce, isOwnerMember } from './policy.ts';
import { canSee, getImage, isotime, membership, MEMBERS, type ImageRow } from './state.ts';

const MEMBER_STATUSES = ['pending', 'accepted', 'rejected'];

function memberView(m: any) {
  return {
    created_at: isotime(m.created_at),
    image_id: m.image_id,
    member_id: m.member,
    schema: '/v2/schemas/member',
    status: m.status,
    updated_at: isotime(m.updated_at),
  };
}

function lookupImage(ctx: Ctx, req: HandlerRequest): ImageRow {
  const img = getImage(ctx, req.params.image_id);
  if (!img || !canSee(ctx, req, img)) throw apiError(404, `Image ${req.params.image_id} not found.`);
  return img;
}

/** Only `shared` images have members; each call words the refusal its own way. */
function requireShared(img: ImageRow, refusal: string): void {
  if (img.visibility !== 'shared') throw apiError(403, refusal);
}

function lookupMember(ctx: Ctx, img: ImageRow, memberId: string) {
  const m = membership(ctx, img.id, memberId);
  if (!m) throw apiError(404, `${memberId} not found in the member list of the image ${img.id}.`);
  return m;
}

/** get_member(s): admin, a reader of the owning project, or the member itself. */
function mayReadMember(req: HandlerRequest, img: ImageRow, memberId: string): boolean {
  return req.auth.is_admin || req.auth.project_id === img.owner || req.auth.project_id === memberId;
}

/** GET /v2/images/{image_id}/members */
export const listMembers: Handler = (ctx, req) => {
  const img = lookupImage(ctx, req);
  requireShared(img, `Not allowed to list members for image ${img.id}: Only shared images have members.`);
  const rows = ctx.db.where(MEMBERS, (m) => m.image_id === img.id && mayReadMember(req, img, m.member));
  return { status: 200, body: { members: rows.map(memberView), schema: '/v2/schemas/members' } };
};

/** POST /v2/images/{image_id}/members `{"member": "<project id>"}`: the member starts `pending`. */
export const createMember: Handler = (ctx, req) => {
  const body = req.body;
  if (body === undefined || body === null) throw apiError(400, 'Body expected in request.');
  // body['member'] on a JSON string, list or number is a TypeError in glance's deserializer.
  if (typeof body !== 'object' || Array.isArray(body)) throw apiError(400, 'Expected a member in the form: {"member": "image_id"}');
  if (!('member' in body)) throw apiError(400, 'Member to be added not specified');
  if (body.member === '' || body.member === null) throw apiError(400, "Member can't be empty");
  if (typeof body.member !== 'string') throw apiError(400, 'Expected a member in the form: {"member": "image_id"}');
  const img = lookupImage(ctx, req);
  requireShared(img, `Not allowed to create members for image ${img.id}.`);
  enforce('add_member', isOwnerMember(req, img));
  if (membership(ctx, img.id, body.member)) throw apiError(409, `Member ${body.member} is duplicated for image ${img.id}`);
  const now = ctx.iso();
  const row = { image_id: img.id, member: body.member, status: 'pending', can_share: false, created_at: now, updated_at: now };
  ctx.db.insert(MEMBERS, `${img.id}/${body.member}`, row);
  return { status: 200, body: memberView(row) };
};

/** GET /v2/images/{image_id}/members/{member_id} */
export const showMember: Handler = (ctx, req) => {
  const img = lookupImage(ctx, req);
  // Glance hides refusals here as 404 so nobody learns who an image is shared with.
  if (img.visibility !== 'shared') throw apiError(404, 'Only shared images have members.');
  if (!mayReadMember(req, img, req.params.member_id)) throw apiError(404, `You are not authorized to lookup the members of the image ${img.id}.`);
  return { status: 200, body: memberView(lookupMember(ctx, img, req.params.member_id)) };
};

/** PUT /v2/images/{image_id}/members/{member_id} `{"status": "accepted"}`: only the member project answers. */
export const updateMember: Handler = (ctx, req) => {
  const status = req.body?.status;
  if (req.body === undefined || req.body === null) throw apiError(400, 'Body expected in request.');
  if (typeof req.body !== 'object' || Array.isArray(req.body)) throw apiError(400, 'Expected a status in the form: {"status": "status"}');
  if (status === undefined) throw apiError(400, 'Status not specified');
  if (typeof status !== 'string') throw apiError(400, 'Expected a status in the form: {"status": "status"}');
  const img = lookupImage(ctx, req);
  requireShared(img, `Not allowed to update members for image ${img.id}.`);
  const m = lookupMember(ctx, img, req.params.member_id);
  enforce('modify_member', req.auth.is_admin || (req.auth.roles.includes('member') && req.auth.project_id === m.member));
  if (!MEMBER_STATUSES.includes(status)) throw apiError(400, 'Incorrect request: Status must be "pending", "accepted" or "rejected".');
  const row = ctx.db.update(MEMBERS, `${img.id}/${m.member}`, { status, updated_at: ctx.iso() });
  return { status: 200, body: memberView(row) };
};

/** DELETE /v2/images/{image_id}/members/{member_id} */
export const deleteMember: Handler = (ctx, req) => {
  const img = lookupImage(ctx, req);
  requireShared(img, `Not allowed to delete members for image ${img.id}.`);
  const m = lookupMember(ctx, img, req.params.member_id);
  enforce('delete_member', isOwnerMember(req, img));
  ctx.db.remove(MEMBERS, `${img.id}/${m.member}`);
  return { status: 204 };
};
