/** Keystone, the Identity service: tokens, projects, users, roles and the service catalog. */
import type { ServiceDef } from '../core/types.ts';
import { validateLocally } from './auth.ts';
import { bootstrap } from './bootstrap.ts';
import { publicRoutes, routes } from './routes.ts';

export const keystone: ServiceDef = {
  name: 'keystone',
  catalogType: 'identity',
  catalogUrl: 'http://controller:5000/v3/',
  apiComponent: 'keystone',
  errorStyle: 'keystone',
  routes,
  publicRoutes,
  bootstrap,
  validateLocally,
};
