/** Nova's policy checks with the default rules: admin-only APIs, project-scoped ones. */
import { apiError } from '../core/errors.ts';
import type { HandlerRequest } from '../core/types.ts';

/** Throws 403 unless the caller is an admin (`rule:context_is_admin`). */
export function requireAdmin(req: HandlerRequest, rule: string): void {
  if (!req.auth.is_admin) throw policyError(rule);
}

/** The 403 Nova answers when policy `rule` (e.g. `os-flavor-manage:create`) denies the caller. */
export function policyError(rule: string) {
  return apiError(403, `Policy doesn't allow os_compute_api:${rule} to be performed.`);
}

/** Throws 403 unless the caller is an admin or a member of `projectId` (`rule:project_member_or_admin`). */
export function requireProjectOrAdmin(req: HandlerRequest, projectId: string, rule: string): void {
  if (!req.auth.is_admin && req.auth.project_id !== projectId) throw policyError(rule);
}
