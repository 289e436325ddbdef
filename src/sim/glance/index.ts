/** glance: being written. */
import type { ServiceDef } from '../core/types.ts';

export const glance: ServiceDef = {
  name: 'glance',
  catalogType: 'image',
  catalogUrl: 'http://controller:9292',
  apiComponent: 'glance-api',
  errorStyle: 'glance',
  routes: {},
};
