/** What the Neutron commands share: SDK resources, the SDK's attribute sets, error wording and bulk delete. */
import { CommandError, HttpError } from '../errors.ts';
import { bodyMessage, type SdkResource } from '../lookup.ts';
import { httpReason } from '../client.ts';
import type { RunCtx } from '../types.ts';

/** Neutron resources as openstacksdk finds them. */
export const NETWORK: SdkResource = { type: 'network', path: '/v2.0/networks', one: 'network', many: 'networks', className: 'Network' };
export const SUBNET: SdkResource = { type: 'network', path: '/v2.0/subnets', one: 'subnet', many: 'subnets', className: 'Subnet' };
export const PORT: SdkResource = { type: 'network', path: '/v2.0/ports', one: 'port', many: 'ports', className: 'Port' };
export const SECURITY_GROUP: SdkResource = { type: 'network', path: '/v2.0/security-groups', one: 'security_group', many: 'security_groups', className: 'SecurityGroup' };
export const SECURITY_GROUP_RULE: SdkResource = {
  type: 'network', path: '/v2.0/security-group-rules', one: 'security_group_rule', many: 'security_group_rules', className: 'SecurityGroupRule',
};

/** openstacksdk's exception class name for a status (0.101 has no Forbidden or Unauthorized class). */
export function sdkClass(status: number): string {
  return { 400: 'BadRequestException', 404: 'NotFoundException', 409: 'ConflictException', 412: 'PreconditionFailedException' }[status] ?? 'HttpException';
}

/** The SDK's `details` of an error response: the `message` of the envelope, else the HTTP reason. */
export function sdkDetails(e: HttpError): string {
  return bodyMessage(e.body) ?? httpReason(e.status);
}

/** A network ShowOne's failure text (NetworkAndComputeShowOne): `Error while executing command: <Class>: <status>, <details>`. */
export async function showOneErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HttpError) throw new CommandError(`Error while executing command: ${sdkClass(e.status)}: ${e.status}, ${sdkDetails(e)}`);
    // The SDK's "No Network found for x" is a ResourceNotFound, an HttpException too.
    if (e instanceof CommandError && /^No \w+ found for /.test(e.message)) throw new CommandError(`Error while executing command: ${e.message}`);
    throw e;
  }
}

/** The SDK's HttpException text for other commands: `<Class>: <status>: Client Error for url: <url>, <details>`. */
export async function sdkErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HttpError) {
      const source = e.status < 500 ? 'Client' : 'Server';
      throw new CommandError(`${sdkClass(e.status)}: ${e.status}: ${source} Error for url: ${e.url}, ${sdkDetails(e)}`);
    }
    throw e;
  }
}

/** Bulk delete as osc does it: each failure logged, then `N of M <resource>s failed to delete.` (exit 1). */
export async function bulkDelete(ctx: RunCtx, resource: string, names: string[], one: (name: string) => Promise<void>): Promise<void> {
  let failed = 0;
  for (const name of names) {
    try {
      await one(name);
    } catch (e) {
      failed += 1;
      ctx.err(`Failed to delete ${resource} with name or ID '${name}': ${errorText(e)}\n`);
    }
  }
  if (failed) throw new CommandError(`${failed} of ${names.length} ${resource}s failed to delete.`);
}

function errorText(e: unknown): string {
  if (e instanceof HttpError) {
    const source = e.status < 500 ? 'Client' : 'Server';
    return `${sdkClass(e.status)}: ${e.status}: ${source} Error for url: ${e.url}, ${sdkDetails(e)}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * The fields an SDK resource prints (`get_osc_show_columns_for_sdk_resource`): every attribute of
 * the resource, named as the command names it, valued from the API key (missing keys print None).
 * `attrs` maps display name → API key.
 */
export function sdkFields(item: Record<string, unknown>, attrs: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [display, key] of Object.entries(attrs)) out[display] = item?.[key] ?? null;
  return out;
}

/** The query string for SDK list filters, in the order given (`?router%3Aexternal=True&shared=True`). */
export function query(params: [string, unknown][]): string {
  const parts = params
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
