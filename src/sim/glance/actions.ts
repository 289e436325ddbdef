/** Image actions (deactivate, reactivate) and single tags (glance/api/v2/image_actions.py, image_tags.py). */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { cannotDeactivate, cannotReactivate } from './messages.ts';
import { enforceOwner } from './policy.ts';
import { validateImage } from './schema.ts';
import { canSee, findImage, getImage, saveImage, setTags, tags, type ImageRow } from './state.ts';

/** POST /v2/images/{image_id}/actions/deactivate: active → deactivated (only admins may then download). */
export const deactivateImage: Handler = (ctx, req) => {
  const img = findForAction(ctx, req);
  enforceOwner(req, 'deactivate', img);
  if (img.status === 'active') saveImage(ctx, img.id, { status: 'deactivated' });
  else if (img.status !== 'deactivated') throw apiError(403, cannotDeactivate(img.status));
  return { status: 204 };
};

/** POST /v2/images/{image_id}/actions/reactivate: deactivated → active. */
export const reactivateImage: Handler = (ctx, req) => {
  const img = findForAction(ctx, req);
  enforceOwner(req, 'reactivate', img);
  if (img.status === 'deactivated') saveImage(ctx, img.id, { status: 'active' });
  else if (img.status !== 'active') throw apiError(403, cannotReactivate(img.status));
  return { status: 204 };
};

/** PUT /v2/images/{image_id}/tags/{tag_value}: adds a tag (a no-op if present). */
export const addImageTag: Handler = (ctx, req) => {
  validateImage({ tags: [req.params.tag_value] });
  const img = findForTags(ctx, req);
  enforceOwner(req, 'modify_image', img);
  const current = tags(ctx, img.id);
  if (!current.includes(req.params.tag_value)) {
    setTags(ctx, img.id, [...current, req.params.tag_value]);
    saveImage(ctx, img.id, {});
  }
  return { status: 204 };
};

/** DELETE /v2/images/{image_id}/tags/{tag_value}: 404 when the image lacks the tag. */
export const deleteImageTag: Handler = (ctx, req) => {
  const img = findForTags(ctx, req);
  enforceOwner(req, 'modify_image', img);
  const current = tags(ctx, img.id);
  if (!current.includes(req.params.tag_value)) throw apiError(404, 'The resource could not be found.');
  setTags(ctx, img.id, current.filter((t) => t !== req.params.tag_value));
  saveImage(ctx, img.id, {});
  return { status: 204 };
};

const findForAction = (ctx: Ctx, req: HandlerRequest) => findImage(ctx, req, req.params.image_id);

/** The tags controller words its 404 differently from the images controller. */
function findForTags(ctx: Ctx, req: HandlerRequest): ImageRow {
  const img = getImage(ctx, req.params.image_id);
  if (!img || !canSee(ctx, req, img)) throw apiError(404, `Image ${req.params.image_id} not found.`);
  return img;
}
