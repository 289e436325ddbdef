/** Keystone v3's REST surface, in the API reference's order. */
import type { Handler } from '../core/types.ts';
import { authCatalog, authProjects, issueToken, revokeToken, validateToken } from './auth.ts';
import {
  createProject, createRole, createUser, deleteProject, grantRole, listDomains, listEndpoints, listProjects,
  listRegions, listRoleAssignments, listRoles, listServices, listUserProjects, listUsers, showDomain, showProject, showUser,
} from './identity.ts';

const VERSION = {
  id: 'v3.14',
  status: 'stable',
  updated: '2020-04-07T00:00:00Z',
  links: [{ rel: 'self', href: 'http://controller:5000/v3/' }],
  'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
};

const versions: Handler = () => ({ status: 300, body: { versions: { values: [VERSION] } } });
const version: Handler = () => ({ status: 200, body: { version: VERSION } });

export const routes: Record<string, Handler> = {
  'GET /': versions,
  'GET /v3': version,
  'POST /v3/auth/tokens': issueToken,
  'GET /v3/auth/tokens': validateToken,
  'DELETE /v3/auth/tokens': revokeToken,
  'GET /v3/auth/catalog': authCatalog,
  'GET /v3/auth/projects': authProjects,
  'GET /v3/domains': listDomains,
  'GET /v3/domains/{domain_id}': showDomain,
  'GET /v3/projects': listProjects,
  'POST /v3/projects': createProject,
  'GET /v3/projects/{project_id}': showProject,
  'DELETE /v3/projects/{project_id}': deleteProject,
  'PUT /v3/projects/{project_id}/users/{user_id}/roles/{role_id}': grantRole,
  'GET /v3/users': listUsers,
  'POST /v3/users': createUser,
  'GET /v3/users/{user_id}': showUser,
  'GET /v3/users/{user_id}/projects': listUserProjects,
  'GET /v3/roles': listRoles,
  'POST /v3/roles': createRole,
  'GET /v3/role_assignments': listRoleAssignments,
  'GET /v3/regions': listRegions,
  'GET /v3/services': listServices,
  'GET /v3/endpoints': listEndpoints,
};

/** Routes that need no token. */
export const publicRoutes = ['GET /', 'GET /v3', 'POST /v3/auth/tokens'];

