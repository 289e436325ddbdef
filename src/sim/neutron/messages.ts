/** Neutron's error catalogue: neutron-lib's exception types and wording (the router wraps them in NeutronError). */
import { apiError, type ApiError } from '../core/errors.ts';

/** NetworkNotFound (404) */
export const networkNotFound = (id: string) => apiError(404, `Network ${id} could not be found.`, 'NetworkNotFound');
/** SubnetNotFound (404) */
export const subnetNotFound = (id: string) => apiError(404, `Subnet ${id} could not be found.`, 'SubnetNotFound');
/** PortNotFound (404) */
export const portNotFound = (id: string) => apiError(404, `Port ${id} could not be found.`, 'PortNotFound');
/** SecurityGroupNotFound (404) */
export const securityGroupNotFound = (id: string) => apiError(404, `Security group ${id} does not exist`, 'SecurityGroupNotFound');
/** SecurityGroupRuleNotFound (404) */
export const ruleNotFound = (id: string) => apiError(404, `Security group rule ${id} does not exist`, 'SecurityGroupRuleNotFound');
/** AgentNotFound (404) */
export const agentNotFound = (id: string) => apiError(404, `Agent ${id} could not be found.`, 'AgentNotFound');

/** InvalidInput (400): "Invalid input for operation: ..." */
export const invalidInput = (msg: string) => apiError(400, `Invalid input for operation: ${msg}.`, 'InvalidInput');

/** The API layer's attribute validation failure (webob HTTPBadRequest). */
export const invalidAttr = (attr: string, reason: string) =>
  apiError(400, `Invalid input for ${attr}. Reason: ${reason}.`, 'HTTPBadRequest');

/** A plain webob 400. */
export const badRequest = (msg: string) => apiError(400, msg, 'HTTPBadRequest');

/** BadRequest from neutron-lib: "Bad <resource> request: <msg>." */
export const badResourceRequest = (resource: string, msg: string) => apiError(400, `Bad ${resource} request: ${msg}.`, 'BadRequest');

/** OverQuota (409): "Quota exceeded for resources: ['port']." */
export const overQuota = (resource: string) => apiError(409, `Quota exceeded for resources: ['${resource}'].`, 'OverQuota');

/** A named 409 (the exception class is the type). */
export const conflict = (type: string, msg: string) => apiError(409, msg, type);

/**
 * PolicyNotAuthorized (403). Neutron's match rule is `rule:<action>`, and-ed with
 * `rule:<action>:<attribute>` for each policy-enforced attribute the request sets, one level of brackets per attribute.
 */
export function policyDenied(action: string, attrs: string[] = []): ApiError {
  let rule = `rule:${action}`;
  // An entry already in brackets is a sub-attribute check, e.g. fixed_ips with its ip_address.
  for (const a of attrs) rule = `(${rule} and ${a.startsWith('(') ? a : `rule:${action}:${a}`})`;
  return apiError(403, `${rule} is disallowed by policy`, 'PolicyNotAuthorized');
}

/** IpAddressGenerationFailure (409) for a whole network. */
export const noMoreIps = (networkId: string) =>
  apiError(409, `No more IP addresses available on network ${networkId}.`, 'IpAddressGenerationFailure');

/** NoNetworkAvailable (503): no tenant network types and no free segment. */
export const noNetworkAvailable = () =>
  apiError(503, 'Unable to create the network. No tenant network is available for allocation.', 'NoNetworkAvailable');
