/**
 * Glance's Image API v2 (versions 2.0–2.17, 2.17 CURRENT as the install guide deploys it):
 *   GET    /                                         version list (300 Multiple Choices), /versions (200)
 *   GET    /v2/images                                list: name, status, visibility, owner, os_hidden, protected,
 *                                                    member_status, tag, size_min/max, custom properties; limit/marker/sort
 *   POST   /v2/images                                create (201, queued)
 *   GET    /v2/images/{image_id}                     show
 *   PATCH  /v2/images/{image_id}                     JSON patch (openstack-images-v2.1-json-patch)
 *   DELETE /v2/images/{image_id}                     delete (204; 403 when protected)
 *   PUT    /v2/images/{image_id}/file                upload (queued → saving → active, 204)
 *   GET    /v2/images/{image_id}/file                download (200, or 204 without data)
 *   PUT    /v2/images/{image_id}/stage               stage data for import (queued → uploading, 204)
 *   POST   /v2/images/{image_id}/import              glance-direct / web-download (→ importing → active in a task, 202)
 *   POST   /v2/images/{image_id}/actions/deactivate  and /reactivate (204)
 *   PUT    /v2/images/{image_id}/tags/{tag_value}    and DELETE (204)
 *   GET    /v2/images/{image_id}/members             list; POST create; GET/PUT/DELETE /members/{member_id}
 *   GET    /v2/schemas/image, /v2/schemas/images
 */
import type { Handler } from '../core/types.ts';
import { addImageTag, deactivateImage, deleteImageTag, reactivateImage } from './actions.ts';
import { downloadImageFile, uploadImageFile } from './image-data.ts';
import { importImage, stageImageData } from './import.ts';
import { createImage, deleteImage, showImage } from './images.ts';
import { listImages } from './list-images.ts';
import { createMember, deleteMember, listMembers, showMember, updateMember } from './members.ts';
import { updateImage } from './patch.ts';
import { showImageSchema, showImagesSchema } from './schema.ts';

/** glance/api/versions.py with enabled_backends set and no image cache: 2.17 is CURRENT. */
function versionList() {
  const ids: [string, string][] = [['2.15', 'SUPPORTED']];
  for (const v of ['2.13', '2.12', '2.11', '2.10', '2.9', '2.8']) ids.push([v, 'SUPPORTED']);
  ids.push(['2.17', 'CURRENT']);
  for (const v of ['2.7', '2.6', '2.5', '2.4', '2.3', '2.2', '2.1', '2.0']) ids.push([v, 'SUPPORTED']);
  return ids.map(([id, status]) => ({ id: `v${id}`, status, links: [{ rel: 'self', href: 'http://controller:9292/v2/' }] }));
}

/** GET /: every client's discovery call; 300 like real Glance (fetch clients still read the body). */
const listVersions: Handler = () => ({ status: 300, body: { versions: versionList() } });
/** GET /versions: the same list, explicitly asked for, so 200. */
const listVersionsExplicit: Handler = () => ({ status: 200, body: { versions: versionList() } });

export const routes: Record<string, Handler> = {
  'GET /': listVersions,
  'GET /versions': listVersionsExplicit,
  'GET /v2/images': listImages,
  'POST /v2/images': createImage,
  'GET /v2/images/{image_id}': showImage,
  'PATCH /v2/images/{image_id}': updateImage,
  'DELETE /v2/images/{image_id}': deleteImage,
  'PUT /v2/images/{image_id}/file': uploadImageFile,
  'GET /v2/images/{image_id}/file': downloadImageFile,
  'PUT /v2/images/{image_id}/stage': stageImageData,
  'POST /v2/images/{image_id}/import': importImage,
  'POST /v2/images/{image_id}/actions/deactivate': deactivateImage,
  'POST /v2/images/{image_id}/actions/reactivate': reactivateImage,
  'PUT /v2/images/{image_id}/tags/{tag_value}': addImageTag,
  'DELETE /v2/images/{image_id}/tags/{tag_value}': deleteImageTag,
  'GET /v2/images/{image_id}/members': listMembers,
  'POST /v2/images/{image_id}/members': createMember,
  'GET /v2/images/{image_id}/members/{member_id}': showMember,
  'PUT /v2/images/{image_id}/members/{member_id}': updateMember,
  'DELETE /v2/images/{image_id}/members/{member_id}': deleteMember,
  'GET /v2/schemas/image': showImageSchema,
  'GET /v2/schemas/images': showImagesSchema,
};

/** Version discovery needs no token. */
export const publicRoutes = ['GET /', 'GET /versions'];
