/** placement: being written. */
import type { ServiceDef } from '../core/types.ts';

export const placement: ServiceDef = {
  name: 'placement',
  catalogType: 'placement',
  catalogUrl: 'http://controller:8778',
  apiComponent: 'placement-api',
  errorStyle: 'placement',
  routes: {},
};
