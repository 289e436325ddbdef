/** Glance, the Image service: image records, their data in the file store, sharing and the v2 API. */
import type { ServiceDef } from '../core/types.ts';
import { bootstrap } from './bootstrap.ts';
import { runImport } from './import.ts';
import { publicRoutes, routes } from './routes.ts';

export const glance: ServiceDef = {
  name: 'glance',
  catalogType: 'image',
  catalogUrl: 'http://controller:9292',
  apiComponent: 'glance-api',
  errorStyle: 'glance',
  routes,
  publicRoutes,
  bootstrap,
  tasks: { import_image: runImport },
};
