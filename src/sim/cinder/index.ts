/** cinder: being written. */
import type { ServiceDef } from '../core/types.ts';

export const cinder: ServiceDef = {
  name: 'cinder',
  catalogType: 'block-storage',
  catalogUrl: 'http://controller:8776/v3',
  apiComponent: 'cinder-api',
  errorStyle: 'cinder',
  routes: {},
};
