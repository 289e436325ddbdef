/** Neutron v2.0's REST surface, in the API reference's order. */
import type { Handler } from '../core/types.ts';
import { deleteAgent, listAgents, listAvailabilityZones, listDhcpAgentsHostingNetwork, showAgent, updateAgent } from './agents.ts';
import { listExtensions, listVersions, showExtension, showVersion } from './extensions.ts';
import { createNetwork, deleteNetwork, listNetworks, showNetwork, updateNetwork } from './networks.ts';
import { createPort, deletePort, listPorts, showPort, updatePort } from './ports.ts';
import { deleteQuota, listQuotas, showQuota, showQuotaDefault, showQuotaDetails, updateQuota } from './quotas.ts';
import {
  createSecurityGroup, deleteSecurityGroup, listSecurityGroups, showSecurityGroup, updateSecurityGroup,
} from './security-groups.ts';
import { createSecurityGroupRule, deleteSecurityGroupRule, listSecurityGroupRules, showSecurityGroupRule } from './sg-rules.ts';
import { createSubnet, deleteSubnet, listSubnets, showSubnet, updateSubnet } from './subnets.ts';

export const routes: Record<string, Handler> = {
  'GET /': listVersions,
  'GET /v2.0': showVersion,
  'GET /v2.0/extensions': listExtensions,
  'GET /v2.0/extensions/{alias}': showExtension,
  'GET /v2.0/networks': listNetworks,
  'POST /v2.0/networks': createNetwork,
  'GET /v2.0/networks/{network_id}': showNetwork,
  'PUT /v2.0/networks/{network_id}': updateNetwork,
  'DELETE /v2.0/networks/{network_id}': deleteNetwork,
  'GET /v2.0/networks/{network_id}/dhcp-agents': listDhcpAgentsHostingNetwork,
  'GET /v2.0/subnets': listSubnets,
  'POST /v2.0/subnets': createSubnet,
  'GET /v2.0/subnets/{subnet_id}': showSubnet,
  'PUT /v2.0/subnets/{subnet_id}': updateSubnet,
  'DELETE /v2.0/subnets/{subnet_id}': deleteSubnet,
  'GET /v2.0/ports': listPorts,
  'POST /v2.0/ports': createPort,
  'GET /v2.0/ports/{port_id}': showPort,
  'PUT /v2.0/ports/{port_id}': updatePort,
  'DELETE /v2.0/ports/{port_id}': deletePort,
  'GET /v2.0/security-groups': listSecurityGroups,
  'POST /v2.0/security-groups': createSecurityGroup,
  'GET /v2.0/security-groups/{security_group_id}': showSecurityGroup,
  'PUT /v2.0/security-groups/{security_group_id}': updateSecurityGroup,
  'DELETE /v2.0/security-groups/{security_group_id}': deleteSecurityGroup,
  'GET /v2.0/security-group-rules': listSecurityGroupRules,
  'POST /v2.0/security-group-rules': createSecurityGroupRule,
  'GET /v2.0/security-group-rules/{rule_id}': showSecurityGroupRule,
  'DELETE /v2.0/security-group-rules/{rule_id}': deleteSecurityGroupRule,
  'GET /v2.0/quotas': listQuotas,
  'GET /v2.0/quotas/{project_id}': showQuota,
  'GET /v2.0/quotas/{project_id}/default': showQuotaDefault,
  'GET /v2.0/quotas/{project_id}/details': showQuotaDetails,
  'PUT /v2.0/quotas/{project_id}': updateQuota,
  'DELETE /v2.0/quotas/{project_id}': deleteQuota,
  'GET /v2.0/agents': listAgents,
  'GET /v2.0/agents/{agent_id}': showAgent,
  'PUT /v2.0/agents/{agent_id}': updateAgent,
  'DELETE /v2.0/agents/{agent_id}': deleteAgent,
  'GET /v2.0/availability_zones': listAvailabilityZones,
};

/** Routes that need no token: version discovery. */
export const publicRoutes = ['GET /'];
