/** Cinder v3's REST surface. Every path works with and without `/{project_id}` after `/v3`, as cinder's mapper connects both. */
import { apiError } from '../core/errors.ts';
import type { Handler } from '../core/types.ts';
import { volumeAction } from './actions.ts';
import {
  completeAttachment, createAttachment, deleteAttachment, listAttachments, listAttachmentsDetail, showAttachment, updateAttachment,
} from './attachments.ts';
import { createVolume } from './create.ts';
import { MALFORMED_URL } from './messages.ts';
import { apiVersion, atLeast, MAX_VERSION, MIN_VERSION, MV } from './microversion.ts';
import { deleteQuotaSet, showLimits, showQuotaDefaults, showQuotaSet, updateQuotaSet } from './quotas.ts';
import { listAvailabilityZones, listServices } from './services.ts';
import { deleteMessage, listMessages, showMessage } from './user-messages.ts';
import { listTypes, showType } from './volume-types.ts';
import { deleteVolume, listVolumes, listVolumesDetail, showVolume, updateVolume } from './volumes.ts';

/** Routes below `/v3` (or `/v3/{project_id}`), with the microversion each needs. */
const V3: Record<string, Handler | [string, Handler]> = {
  'POST /volumes': createVolume,
  'GET /volumes': listVolumes,
  'GET /volumes/detail': listVolumesDetail,
  'GET /volumes/{volume_id}': showVolume,
  'PUT /volumes/{volume_id}': updateVolume,
  'DELETE /volumes/{volume_id}': deleteVolume,
  'POST /volumes/{volume_id}/action': volumeAction,
  'POST /attachments': [MV.newAttach, createAttachment],
  'GET /attachments': [MV.newAttach, listAttachments],
  'GET /attachments/detail': [MV.newAttach, listAttachmentsDetail],
  'GET /attachments/{attachment_id}': [MV.newAttach, showAttachment],
  'PUT /attachments/{attachment_id}': [MV.newAttach, updateAttachment],
  'DELETE /attachments/{attachment_id}': [MV.newAttach, deleteAttachment],
  'POST /attachments/{attachment_id}/action': [MV.attachCompletion, completeAttachment],
  'GET /types': listTypes,
  'GET /types/{type_id}': showType,
  'GET /os-services': listServices,
  'GET /os-availability-zone': listAvailabilityZones,
  'GET /os-quota-sets/{target_project_id}': showQuotaSet,
  'GET /os-quota-sets/{target_project_id}/defaults': showQuotaDefaults,
  'PUT /os-quota-sets/{target_project_id}': updateQuotaSet,
  'DELETE /os-quota-sets/{target_project_id}': deleteQuotaSet,
  'GET /limits': showLimits,
  'GET /messages': ['3.3', listMessages],
  'GET /messages/{message_id}': ['3.3', showMessage],
  'DELETE /messages/{message_id}': ['3.3', deleteMessage],
};

const NOT_FOUND = 'The resource could not be found.';

/** Checks the microversion, the route's minimum and the project in the URL, then runs `handler`. */
function guarded(min: string | undefined, handler: Handler): Handler {
  return (ctx, req) => {
    apiVersion(req);
    if (min && !atLeast(req, min)) throw apiError(404, NOT_FOUND);
    const pid = req.params.project_id;
    // project_id_regex: only hex and dashes are a project; anything else is not a route.
    if (pid !== undefined && !/^[0-9a-f-]+$/i.test(pid)) throw apiError(404, NOT_FOUND);
    if (pid !== undefined && pid !== req.auth.project_id) throw apiError(400, MALFORMED_URL);
    return handler(ctx, req);
  };
}

const LINKS = [{ rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' }];

/** The one version document cinder serves (`v3.0`, CURRENT, 3.0 … 3.71). */
function versionDoc() {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: MAX_VERSION,
    min_version: MIN_VERSION,
    updated: '2023-08-31T00:00:00Z',
    links: [...LINKS, { rel: 'self', href: 'http://controller:8776/v3/' }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}

/** GET /: every version, 300 Multiple Choices. */
const listVersions: Handler = (_ctx, req) => {
  apiVersion(req);
  return { status: 300, body: { versions: [versionDoc()] } };
};

/** GET /v3/: the v3 entry (what openstacksdk reads to negotiate). */
const showVersion: Handler = (_ctx, req) => {
  apiVersion(req);
  return { status: 200, body: { versions: [versionDoc()] } };
};

function build(): Record<string, Handler> {
  const out: Record<string, Handler> = { 'GET /': listVersions, 'GET /v3': showVersion };
  // Project-less paths first: on a tie the router keeps insertion order.
  for (const prefix of ['/v3', '/v3/{project_id}']) {
    for (const [key, entry] of Object.entries(V3)) {
      const [method, path] = key.split(' ');
      const [min, handler] = Array.isArray(entry) ? entry : [undefined, entry];
      out[`${method} ${prefix}${path}`] = guarded(min, handler);
    }
  }
  return out;
}

export const routes = build();

/** The version documents need no token. */
export const publicRoutes = ['GET /', 'GET /v3'];
