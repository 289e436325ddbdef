/** The version documents: GET / (every API version) and GET /v2.1 (the one the SDK reads its microversion range from). */
import type { Handler } from '../core/types.ts';
import { MAX_VERSION, MIN_VERSION } from './microversion.ts';

const V21 = {
  id: 'v2.1',
  status: 'CURRENT',
  version: MAX_VERSION,
  min_version: MIN_VERSION,
  updated: '2013-07-23T11:33:21Z',
  links: [{ rel: 'self', href: 'http://controller:8774/v2.1/' }],
};

const V20 = {
  id: 'v2.0',
  status: 'DEPRECATED',
  version: '',
  min_version: '',
  updated: '2025-07-04T12:00:00Z',
  links: [{ rel: 'self', href: 'http://controller:8774/v2/' }],
};

export const listVersions: Handler = () => ({ status: 200, body: { versions: [V20, V21] } });

export const showVersion: Handler = () => ({
  status: 200,
  body: {
    version: {
      ...V21,
      links: [...V21.links, { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
    },
  },
});
