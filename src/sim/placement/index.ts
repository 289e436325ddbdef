/** Placement: resource providers, their inventories and traits, and the allocations consumers hold against them. */
import type { ServiceDef } from '../core/types.ts';
import { versionHeaders } from './microversion.ts';
import { publicRoutes, routes } from './routes.ts';
import { syncStandards } from './standards.ts';
import { ALL_TABLES } from './state.ts';

export const placement: ServiceDef = {
  name: 'placement',
  catalogType: 'placement',
  catalogUrl: 'http://controller:8778',
  apiComponent: 'placement-api',
  errorStyle: 'placement',
  routes,
  publicRoutes,
  // `placement-manage db sync` creates the tables; no provider exists until nova-compute registers one.
  bootstrap: (ctx) => {
    for (const t of ALL_TABLES) ctx.db.table(t);
  },
  // At every start the API adds any standard resource class or trait the database lacks.
  onStart: { 'placement-api': syncStandards },
  // keystonemiddleware answers 401 before the microversion middleware runs, so no version header then.
  responseHeaders: (_id, req) => (req && (req.auth || req.path === '/') ? versionHeaders(req) : {}),
};
