/** neutron: being written. */
import type { ServiceDef } from '../core/types.ts';

export const neutron: ServiceDef = {
  name: 'neutron',
  catalogType: 'network',
  catalogUrl: 'http://controller:9696',
  apiComponent: 'neutron-server',
  errorStyle: 'neutron',
  routes: {},
};
