/** Nova, the Compute service: nova-api, nova-conductor, nova-scheduler, nova-compute (with its hypervisor) and nova-novncproxy. */
import type { ServiceDef } from '../core/types.ts';
import { bootstrap } from './bootstrap.ts';
import { novaHeaders } from './microversion.ts';
import { rpc, tasks } from './rpc.ts';
import { publicRoutes, routes } from './routes.ts';
import { onStart } from './startup.ts';

export const nova: ServiceDef = {
  name: 'nova',
  catalogType: 'compute',
  catalogUrl: 'http://controller:8774/v2.1',
  apiComponent: 'nova-api',
  errorStyle: 'nova',
  routes,
  publicRoutes,
  rpc,
  topics: { 'nova-conductor': 'conductor', 'nova-scheduler': 'scheduler', 'nova-compute': 'compute' },
  tasks,
  onStart,
  bootstrap,
  responseHeaders: novaHeaders,
};

export { validateConsoleToken } from './consoles.ts';
