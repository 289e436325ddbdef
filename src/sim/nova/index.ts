/** nova: being written. */
import type { ServiceDef } from '../core/types.ts';

export const nova: ServiceDef = {
  name: 'nova',
  catalogType: 'compute',
  catalogUrl: 'http://controller:8774/v2.1',
  apiComponent: 'nova-api',
  errorStyle: 'nova',
  routes: {},
};
