/** Cinder, the Block Storage service: volumes on LVM, attached to servers over iSCSI. */
import type { ServiceDef } from '../core/types.ts';
import { versionHeaders } from './microversion.ts';
import { publicRoutes, routes } from './routes.ts';
import { schedulerRpc } from './scheduler.ts';
import { onStart } from './services.ts';
import { volumeRpc, volumeTasks } from './volume-manager.ts';
import { createDefaultType } from './volume-types.ts';

export const cinder: ServiceDef = {
  name: 'cinder',
  catalogType: 'block-storage',
  catalogUrl: 'http://controller:8776/v3',
  apiComponent: 'cinder-api',
  errorStyle: 'cinder',
  routes,
  publicRoutes,
  rpc: { ...schedulerRpc, ...volumeRpc },
  topics: { 'cinder-scheduler': 'cinder-scheduler', 'cinder-volume': 'cinder-volume' },
  tasks: volumeTasks,
  onStart,
  bootstrap: createDefaultType,
  // Like Nova, cinder's wsgi adds x-compute-request-id once a request has a context; cinderclient reads only that one.
  responseHeaders: (id, req) => ({ ...versionHeaders(req), ...(req?.auth ? { 'x-compute-request-id': id } : {}) }),
};
