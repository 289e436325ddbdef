/** Placement's default policies: everything is `rule:admin_or_service_api`, except usages a project may read. */
import type { HandlerRequest } from '../core/types.ts';
import { placementError } from './errors.ts';

/** True for a token with the admin or the service role (the service users nova, neutron, ... have both). */
export function isAdminOrService(req: HandlerRequest): boolean {
  return req.auth.is_admin || req.auth.roles.includes('service');
}

/** Throws 403 "Policy does not allow <action> to be performed." unless the caller is admin or a service. */
export function authorize(req: HandlerRequest, action: string, alsoAllowed = false): void {
  if (alsoAllowed || isAdminOrService(req)) return;
  throw placementError(403, `Policy does not allow ${action} to be performed.`);
}
