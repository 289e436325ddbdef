/** Placement's errors: webob exceptions whose text placement's json_error_formatter turns into `detail`. */
import { ApiError } from '../core/errors.ts';

/** placement/errors.py codes (in the body from microversion 1.23). */
export const CODES = {
  concurrentUpdate: 'placement.concurrent_update',
  duplicateName: 'placement.duplicate_name',
  inventoryInUse: 'placement.inventory.inuse',
  providerInUse: 'placement.resource_provider.inuse',
  cannotDeleteParent: 'placement.resource_provider.cannot_delete_parent',
  notFound: 'placement.resource_provider.not_found',
} as const;

/** webob's explanation for each status, which comes before the detail. */
const EXPLANATIONS: Record<number, string> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  406: 'The resource could not be generated that was acceptable to your browser (content of type application/json.',
  409: 'There was a conflict when trying to complete your request.',
};

/**
 * An error as placement answers it: webob renders "explanation<br /><br />detail" and strip_tags turns that
 * into "explanation\n\n detail  " (the newline after the detail and the empty comment become spaces).
 */
export function placementError(status: number, detail: string, code?: string, explanation = EXPLANATIONS[status]): ApiError {
  const text = explanation ? `${explanation}\n\n ${detail}  ` : detail;
  return new ApiError(status, text, { type: code });
}

/** util.require_content: POST and PUT bodies must be JSON (415 otherwise). */
export function requireJson(headers: Record<string, string>): void {
  const type = (headers['content-type'] ?? '').split(';')[0].trim() || 'None';
  if (type === 'application/json') return;
  throw placementError(415, `The media type ${type} is not supported, use application/json`, undefined,
    `The request media type ${type} is not supported by this server.`);
}
