/** Glance's default policies (secure RBAC, glance/policies/*.py) for the calls the simulator serves. */
import { apiError } from '../core/errors.ts';
import type { HandlerRequest } from '../core/types.ts';
import { notAuthorized } from './messages.ts';
import type { ImageRow } from './state.ts';

function hasRole(req: HandlerRequest, role: string): boolean {
  // Keystone implies member from admin and reader from member; a token lists every effective role.
  return req.auth.is_admin || req.auth.roles.includes(role);
}

/** `role:member and project_id:%(project_id)s` against the image owner, or admin. */
export function isOwnerMember(req: HandlerRequest, img: Pick<ImageRow, 'owner'>): boolean {
  return req.auth.is_admin || (hasRole(req, 'member') && !!img.owner && img.owner === req.auth.project_id);
}

/** Throws 403 "You are not authorized to complete <action> action." unless `allowed`. */
export function enforce(action: string, allowed: boolean): void {
  if (!allowed) throw apiError(403, notAuthorized(action));
}

/** get_images: admin or a reader of the caller's own project. */
export function canListImages(req: HandlerRequest): boolean {
  return hasRole(req, 'reader');
}

/** Visibility changes have their own rules: publicize_image is admin only, communitize_image needs the owner's member. */
export function enforceVisibility(req: HandlerRequest, img: Pick<ImageRow, 'owner'>, visibility: unknown): void {
  if (visibility === 'public') enforce('publicize_image', req.auth.is_admin);
  if (visibility === 'community') enforce('communitize_image', isOwnerMember(req, img));
}

/** add_image, modify_image, delete_image, upload_image, deactivate, reactivate: admin or the owner's member. */
export function enforceOwner(req: HandlerRequest, action: string, img: Pick<ImageRow, 'owner'>): void {
  enforce(action, isOwnerMember(req, img));
}
