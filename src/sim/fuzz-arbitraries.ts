/** fast-check generators for the fuzz test: operation records across every service, valid and malformed. */
import fc from 'fast-check';
import type { ServiceName } from './core/types.ts';

/** Who sends a request: the install guide's admin or demo user, nobody, or a forged token. */
export type Who = 'admin' | 'demo';
/** An index into the ids created so far (modulo their number); -1 names a missing or malformed id. */
type Pick = number;

/** One step of a fuzz run. Picks choose among the resources the run has created. */
export type Op =
  | { op: 'createNetwork'; who: Who; kind: string; vlan: number; shared: boolean; name: string }
  | { op: 'deleteNetwork'; who: Who; net: Pick }
  | { op: 'createSubnet'; who: Who; net: Pick; cidr: string; ipVersion: number; pool: string; gateway: string }
  | { op: 'deleteSubnet'; who: Who; subnet: Pick }
  | { op: 'createPort'; who: Who; net: Pick; fixed: string; subnet: Pick; offset: number; sg: Pick | null }
  | { op: 'deletePort'; who: Who; port: Pick }
  | { op: 'updatePort'; who: Who; port: Pick; change: string; subnet: Pick; offset: number; server: Pick; sg: Pick }
  | { op: 'createSecurityGroup'; who: Who; name: string }
  | { op: 'deleteSecurityGroup'; who: Who; sg: Pick }
  | { op: 'createRule'; who: Who; sg: Pick; direction: string; ethertype: string; protocol: unknown; min: unknown; max: unknown; prefix?: string }
  | { op: 'deleteRule'; who: Who; rule: Pick }
  | { op: 'createFlavor'; who: Who; name: string; id?: string; ram: unknown; vcpus: unknown; disk: unknown }
  | { op: 'deleteFlavor'; who: Who; flavor: Pick }
  | { op: 'createKeypair'; who: Who; name: string; publicKey?: string }
  | { op: 'deleteKeypair'; who: Who; keypair: Pick }
  | { op: 'createImage'; who: Who; name: string; diskFormat: string; containerFormat: string; visibility?: string; protected: unknown }
  | { op: 'uploadImage'; who: Who; image: Pick; data: string; contentType: string }
  | { op: 'unprotectImage'; who: Who; image: Pick }
  | { op: 'deleteImage'; who: Who; image: Pick }
  | { op: 'boot'; who: Who; flavor: Pick; image: Pick; nic: string; net: Pick; port: Pick; keypair: Pick | null; count: number; microversion?: string }
  | { op: 'serverAction'; who: Who; server: Pick; action: string }
  | { op: 'deleteServer'; who: Who; server: Pick }
  | { op: 'updateServer'; who: Who; server: Pick; change: string }
  | { op: 'createVolume'; who: Who; size: unknown; name: string }
  | { op: 'deleteVolume'; who: Who; volume: Pick }
  | { op: 'extendVolume'; who: Who; volume: Pick; size: unknown }
  | { op: 'attachVolume'; who: Who; server: Pick; volume: Pick }
  | { op: 'detachVolume'; who: Who; server: Pick; volume: Pick }
  | { op: 'placementRead'; who: Who; provider: Pick; what: string }
  | { op: 'placementInventory'; who: Who; provider: Pick; total: number; reserved: number }
  | { op: 'quota'; who: Who; service: string; value: number }
  | { op: 'computeService'; who: Who; node: number; change: string }
  | { op: 'toggle'; component: number }
  | { op: 'outage'; component: string; during: Op }
  | { op: 'powerNode'; node: number; up: boolean }
  | { op: 'addCompute' }
  | { op: 'removeCompute'; node: number }
  | { op: 'advance'; ms: number }
  | { op: 'settle' }
  | Garbage
  | Mutant
  | Query;

/** A request with a random method, path, body and headers against one service's endpoint. */
export interface Garbage {
  op: 'garbage';
  who: Who | 'none' | 'forged';
  service: ServiceName;
  method: string;
  /** A route template of the service with its `{params}` filled by junk, or a junk path under its prefix. */
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

const who = fc.constantFrom<Who>('admin', 'demo');
/** Mostly an existing resource (any index, taken modulo the list); now and then -1, a missing or malformed id. */
const pick = fc.oneof({ arbitrary: fc.nat(50), weight: 7 }, { arbitrary: fc.constant(-1), weight: 1 });
const name = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', 'fuzz'), weight: 6 },
  { arbitrary: fc.constantFrom('', ' ', 'x'.repeat(300), 'ünïcödé ☃', '<b>x</b>', '%00'), weight: 1 },
);

/** `valid` most of the time, otherwise one of `invalid`. */
function mostly<T, const U extends readonly unknown[]>(valid: fc.Arbitrary<T>, ...invalid: U): fc.Arbitrary<T | U[number]> {
  return fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
}

/** Broken or awkward CIDRs; some overlap the install guide's provider subnet 203.0.113.0/24. */
export const BAD_CIDRS = ['203.0.113.0/24', '203.0.113.128/25', '10.0.0.0/31', '10.0.0.7/24', '10.0.0.0/33', '10.0.0.300/24', '10.0.0.0', 'not-a-cidr', 'fd00::/64', ''];

const network = fc.record({
  op: fc.constant('createNetwork' as const), who: mostly(fc.constant<Who>('admin'), 'demo'),
  kind: fc.constantFrom('vlan', 'vlan', 'vlan', 'flat', 'plain', 'badvlan'), vlan: fc.integer({ min: 1, max: 40 }), shared: fc.boolean(), name,
});
const subnet = fc.record({
  op: fc.constant('createSubnet' as const), who: mostly(fc.constant<Who>('admin'), 'demo'), net: pick,
  cidr: mostly(fc.integer({ min: 0, max: 30 }).map((n) => `10.${n}.0.0/24`), ...BAD_CIDRS),
  ipVersion: mostly(fc.constant(4), 6, 5),
  pool: mostly(fc.constantFrom('none', 'inside', 'whole'), 'outside', 'reversed', 'junk', 'overlapping'),
  gateway: mostly(fc.constantFrom('default', 'first', 'none'), 'inpool', 'outside', 'junk'),
});
const port = fc.record({
  op: fc.constant('createPort' as const), who, net: pick, fixed: mostly(fc.constantFrom('none', 'subnet', 'ip'), 'junk', 'empty'),
  subnet: pick, offset: fc.oneof(fc.integer({ min: 2, max: 30 }), fc.nat(300)), sg: fc.option(pick, { freq: 2 }),
});
const rule = fc.record(
  {
    op: fc.constant('createRule' as const), who, sg: pick,
    direction: mostly(fc.constantFrom('ingress', 'egress'), 'sideways'),
    ethertype: mostly(fc.constant('IPv4'), 'IPv6', 'IPv5'),
    protocol: mostly(fc.constantFrom('tcp', 'udp', 'icmp', null), 'bogus', '6', 300),
    min: mostly(fc.constantFrom(null, 22, 80), 0, -1, 65535, 70000, 'x'),
    max: mostly(fc.constantFrom(null, 22, 80), 0, 65535, 70000),
    prefix: mostly(fc.constantFrom('0.0.0.0/0', '10.0.0.0/8'), 'bad', '::/0', '10.0.0.5/8'),
  },
  { requiredKeys: ['op', 'who', 'sg', 'direction', 'ethertype', 'protocol', 'min', 'max'] },
);
const flavor = fc.record(
  {
    op: fc.constant('createFlavor' as const), who: mostly(fc.constant<Who>('admin'), 'demo'), name: mostly(fc.constantFrom('f1', 'f2', 'f3'), 'm1.nano', '', ' lead'),
    id: mostly(fc.constantFrom('auto', 'f1', '100'), '0', 'bad id!', '__proto__', 'constructor'),
    ram: mostly(fc.constantFrom(64, 128, 2048), 0, -1, 'abc', 10_000_000, 1.5),
    vcpus: mostly(fc.constantFrom(1, 2), 0, -1, 'x', 64),
    disk: mostly(fc.constantFrom(1, 0, 5), -1, 10_000),
  },
  { requiredKeys: ['op', 'who', 'name', 'ram', 'vcpus', 'disk'] },
);
const keypair = fc.record(
  {
    op: fc.constant('createKeypair' as const), who, name: mostly(fc.constantFrom('k1', 'k2'), 'mykey', 'bad/name', '', 'ünï', '__proto__', 'constructor'),
    publicKey: fc.constantFrom('not a key', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ fuzz@host'),
  },
  { requiredKeys: ['op', 'who', 'name'] },
);
const image = fc.record(
  {
    op: fc.constant('createImage' as const), who, name,
    diskFormat: mostly(fc.constantFrom('qcow2', 'raw'), 'bogus'),
    containerFormat: mostly(fc.constant('bare'), 'bogus'),
    visibility: mostly(fc.constantFrom('private', 'public', 'shared'), 'community', 'weird'),
    protected: mostly(fc.constant(false), true, 'yes'),
  },
  { requiredKeys: ['op', 'who', 'name', 'diskFormat', 'containerFormat', 'protected'] },
);
const boot = fc.record(
  {
    op: fc.constant('boot' as const), who: mostly(fc.constant<Who>('demo'), 'admin'), flavor: pick, image: pick,
    nic: mostly(fc.constantFrom('net', 'net', 'port', 'volume'), 'none', 'auto', 'omit', 'junk'),
    net: pick, port: pick, keypair: fc.option(pick), count: mostly(fc.constant(1), 2, 3, 0),
    microversion: mostly(fc.constantFrom('2.1', '2.37', '2.79'), '2.999', 'latest'),
  },
  { requiredKeys: ['op', 'who', 'flavor', 'image', 'nic', 'net', 'port', 'keypair', 'count'] },
);

/** One of the valid requests of `requestTemplates` with one field replaced, removed or added (or none: sent as is). */
export interface Mutant {
  op: 'mutant';
  who: Who;
  template: number;
  /** Picks the ids the request names. */
  pick: number;
  /** Picks the field to break, among every value in the body. */
  where: number;
  how: 'replace' | 'delete' | 'add' | 'none';
  junk: unknown;
}

/** What a request template may name: ids the run has made, and the demo project. */
export interface TemplateIds {
  net: string; subnet: string; sg: string; server: string; volume: string; image: string; flavor: string; provider: string;
  project: string; user: string; consumer: string; n: number;
}

type Template = [method: string, url: string, body: unknown, headers?: Record<string, string>];

const mv = (v: string) => ({ 'OpenStack-API-Version': v });

/** Valid requests across the APIs: each is one the real API accepts, given existing ids and a free name. */
export function requestTemplates(i: TemplateIds): Template[] {
  const b = i.n % 200;
  return [
    ['POST', 'neutron:/v2.0/networks', { network: {
      name: 'm', admin_state_up: true, shared: false, 'provider:network_type': 'vlan', 'provider:physical_network': 'provider',
      'provider:segmentation_id': 100 + b, mtu: 1500, port_security_enabled: true, description: 'd' } }],
    ['POST', 'neutron:/v2.0/subnets', { subnet: {
      network_id: i.net, name: 'm', ip_version: 4, cidr: `10.${b}.0.0/24`, gateway_ip: `10.${b}.0.1`, enable_dhcp: true,
      allocation_pools: [{ start: `10.${b}.0.10`, end: `10.${b}.0.20` }], dns_nameservers: ['8.8.8.8'],
      host_routes: [{ destination: '192.168.0.0/24', nexthop: `10.${b}.0.254` }] } }],
    ['POST', 'neutron:/v2.0/ports', { port: {
      network_id: i.net, name: 'm', admin_state_up: true, fixed_ips: [{ subnet_id: i.subnet }], security_groups: [i.sg],
      allowed_address_pairs: [{ ip_address: '10.9.9.9' }], description: '' } }],
    ['PUT', `neutron:/v2.0/networks/${i.net}`, { network: { name: 'm2', description: 'd2' } }],
    ['PUT', `neutron:/v2.0/subnets/${i.subnet}`, { subnet: { name: 'm2', dns_nameservers: ['1.1.1.1'], enable_dhcp: true } }],
    ['POST', 'neutron:/v2.0/security-groups', { security_group: { name: 'm', description: 'd' } }],
    ['POST', 'neutron:/v2.0/security-group-rules', { security_group_rule: {
      security_group_id: i.sg, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22 + b, port_range_max: 22 + b,
      remote_ip_prefix: '0.0.0.0/0' } }],
    ['POST', 'nova:/v2.1/servers', { server: {
      name: 'm', imageRef: i.image, flavorRef: i.flavor, networks: [{ uuid: i.net }], key_name: 'mykey', security_groups: [{ name: 'default' }],
      metadata: { a: 'b' }, user_data: 'IyEvYmluL3NoCg==', availability_zone: 'nova', min_count: 1, max_count: 1, config_drive: false } },
    mv('compute 2.79')],
    ['POST', 'nova:/v2.1/servers', { server: {
      name: 'm', flavorRef: i.flavor, networks: 'none', block_device_mapping_v2: [{
        boot_index: 0, uuid: i.image, source_type: 'image', destination_type: 'volume', volume_size: 1, delete_on_termination: true }] } },
    mv('compute 2.79')],
    ['POST', `nova:/v2.1/servers/${i.server}/action`, { reboot: { type: 'SOFT' } }],
    ['POST', `nova:/v2.1/servers/${i.server}/action`, { lock: { locked_reason: 'm' } }, mv('compute 2.73')],
    ['POST', `nova:/v2.1/servers/${i.server}/action`, { 'os-getConsoleOutput': { length: 5 } }],
    ['POST', `nova:/v2.1/servers/${i.server}/os-volume_attachments`, { volumeAttachment: {
      volumeId: i.volume, device: '/dev/vdc', tag: 't', delete_on_termination: false } }, mv('compute 2.79')],
    ['PUT', `nova:/v2.1/servers/${i.server}`, { server: { name: 'm', description: 'd' } }, mv('compute 2.19')],
    ['PUT', `nova:/v2.1/servers/${i.server}/metadata/a`, { meta: { a: 'c' } }],
    ['POST', 'nova:/v2.1/flavors', { flavor: {
      name: `m${i.n}`, ram: 128, vcpus: 1, disk: 1, 'OS-FLV-EXT-DATA:ephemeral': 0, swap: 0, rxtx_factor: 1.0,
      'os-flavor-access:is_public': true, description: 'd' } }, mv('compute 2.55')],
    ['POST', `nova:/v2.1/flavors/${i.flavor}/os-extra_specs`, { extra_specs: { 'hw:cpu_policy': 'shared' } }],
    ['POST', 'nova:/v2.1/os-keypairs', { keypair: { name: `m${i.n}`, type: 'ssh' } }, mv('compute 2.2')],
    ['PUT', `nova:/v2.1/os-quota-sets/${i.project}`, { quota_set: { instances: 20, cores: 40, ram: 51200 } }],
    ['POST', 'cinder:/v3/volumes', { volume: {
      size: 1, name: 'm', description: 'd', metadata: { a: 'b' }, availability_zone: 'nova', volume_type: '__DEFAULT__' } }],
    ['POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'm', imageRef: i.image } }],
    ['POST', `cinder:/v3/volumes/${i.volume}/action`, { 'os-extend': { new_size: 3 } }, mv('volume 3.42')],
    ['PUT', `cinder:/v3/volumes/${i.volume}`, { volume: { name: 'm', description: 'd', metadata: { a: 'b' } } }],
    ['POST', 'glance:/v2/images', {
      name: 'm', disk_format: 'qcow2', container_format: 'bare', visibility: 'private', protected: false, min_disk: 0, min_ram: 0,
      tags: ['a'], os_distro: 'cirros' }],
    ['PATCH', `glance:/v2/images/${i.image}`, [{ op: 'replace', path: '/name', value: 'm' }, { op: 'add', path: '/os_type', value: 'linux' }],
      { 'Content-Type': 'application/openstack-images-v2.1-json-patch' }],
    ['POST', `glance:/v2/images/${i.image}/members`, { member: i.project }],
    ['POST', 'placement:/resource_providers', { name: `m${i.n}` }, mv('placement 1.20')],
    ['PUT', `placement:/resource_providers/${i.provider}/traits`, { traits: ['CUSTOM_M'], resource_provider_generation: 0 }, mv('placement 1.6')],
    ['PUT', `placement:/resource_providers/${i.provider}/aggregates`, {
      aggregates: ['11111111-2222-4333-8444-555555555555'], resource_provider_generation: 0 }, mv('placement 1.19')],
    ['PUT', `placement:/allocations/${i.consumer}`, {
      allocations: { [i.provider]: { resources: { VCPU: 1, MEMORY_MB: 64 } } }, project_id: i.project, user_id: i.user,
      consumer_generation: null, consumer_type: 'INSTANCE' }, mv('placement 1.38')],
    ['POST', 'keystone:/v3/auth/tokens', { auth: {
      identity: { methods: ['password'], password: { user: { name: 'myuser', domain: { name: 'Default' }, password: 'DEMO_PASS' } } },
      scope: { project: { name: 'myproject', domain: { name: 'Default' } } } } }],
    ['POST', 'keystone:/v3/projects', { project: { name: `m${i.n}`, domain_id: 'default', description: 'd', enabled: true } }],
    ['POST', 'keystone:/v3/users', { user: { name: `m${i.n}`, domain_id: 'default', password: 'p', enabled: true } }],
  ];
}

/** `body` with the value at the `where`-th place (counting every value, depth first) replaced, removed, or given a sibling. */
export function mutate(body: unknown, where: number, how: Mutant['how'], junk: unknown): unknown {
  if (how === 'none') return body;
  const copy = structuredClone(body);
  const places: [container: any, key: string | number][] = [];
  const walk = (v: any) => {
    if (!v || typeof v !== 'object') return;
    for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      places.push([v, k]);
      walk(v[k]);
    }
  };
  walk(copy);
  if (!places.length) return junk;
  const [container, key] = places[where % places.length];
  if (how === 'replace') container[key] = junk;
  else if (how === 'delete' && Array.isArray(container)) container.splice(key as number, 1);
  else if (how === 'delete') delete container[key];
  else if (Array.isArray(container)) container.push(junk);
  else container[`fuzz_${where % 7}`] = junk;
  return copy;
}

/**
 * Whether `v` holds an object with its own toString or valueOf key. Known bug, left out: every service builds messages
 * with template strings, and such an object (valid JSON: {"name": {"toString": null}}) makes them throw, so the request
 * is a 500 ("Cannot convert object to primitive value").
 */
function convertible(v: unknown): boolean {
  if (!v || typeof v !== 'object') return true;
  if (!Array.isArray(v) && (Object.hasOwn(v, 'toString') || Object.hasOwn(v, 'valueOf'))) return false;
  return Object.values(v).every(convertible);
}

const junkValue = fc.oneof(
  fc.constantFrom(null, -1, 0, 1.5, 1e308, '', ' ', 'x'.repeat(70_000), [], {}, true, 'ünïcödé ☃', '<script>', '__proto__', [null], { a: { b: {} } }),
  fc.jsonValue({ maxDepth: 2 }).filter(convertible),
);

/** A valid request from `requestTemplates` with one field broken. */
export const mutant: fc.Arbitrary<Mutant> = fc.record({
  op: fc.constant('mutant' as const), who: mostly(fc.constant<Who>('admin'), 'demo'), template: fc.nat(), pick: fc.nat(50), where: fc.nat(),
  how: fc.constantFrom<Mutant['how']>('replace', 'replace', 'replace', 'delete', 'add', 'none'), junk: junkValue,
});

/** A GET of a list (or other filtered read) with random query parameters and microversion. */
export interface Query {
  op: 'query';
  who: Who;
  endpoint: number;
  params: [name: number, value: number][];
  microversion: number;
}

/** List endpoints with the query parameters their real APIs take, and microversions worth trying. */
export const QUERY_ENDPOINTS: [url: string, params: string[], versions: string[]][] = [
  ['nova:/v2.1/servers/detail', ['limit', 'marker', 'sort_key', 'sort_dir', 'status', 'name', 'all_tenants', 'changes-since', 'flavor', 'image',
    'host', 'deleted', 'ip', 'project_id', 'locked', 'tags', 'fields'], ['compute 2.1', 'compute 2.79', 'compute latest']],
  ['nova:/v2.1/servers', ['limit', 'marker', 'name', 'all_tenants', 'status'], ['compute 2.1']],
  ['nova:/v2.1/flavors/detail', ['limit', 'marker', 'minRam', 'minDisk', 'is_public', 'sort_key', 'sort_dir'], ['compute 2.1', 'compute 2.61']],
  ['nova:/v2.1/os-keypairs', ['limit', 'marker', 'user_id'], ['compute 2.1', 'compute 2.35']],
  ['nova:/v2.1/os-hypervisors/detail', ['limit', 'marker', 'hypervisor_hostname_pattern', 'with_servers'], ['compute 2.1', 'compute 2.53', 'compute 2.88']],
  ['nova:/v2.1/os-services', ['host', 'binary'], ['compute 2.1', 'compute 2.53']],
  ['nova:/v2.1/limits', ['tenant_id', 'reserved'], ['compute 2.1', 'compute 2.57']],
  ['neutron:/v2.0/networks', ['fields', 'limit', 'marker', 'sort_key', 'sort_dir', 'name', 'id', 'shared', 'admin_state_up', 'status',
    'router:external', 'project_id', 'tags', 'provider:network_type'], ['']],
  ['neutron:/v2.0/ports', ['fields', 'limit', 'marker', 'sort_key', 'sort_dir', 'network_id', 'device_id', 'device_owner', 'fixed_ips',
    'mac_address', 'status', 'binding:host_id', 'security_groups'], ['']],
  ['neutron:/v2.0/subnets', ['fields', 'limit', 'marker', 'network_id', 'cidr', 'ip_version', 'enable_dhcp', 'gateway_ip', 'sort_key'], ['']],
  ['neutron:/v2.0/security-group-rules', ['fields', 'security_group_id', 'direction', 'protocol', 'port_range_min', 'remote_ip_prefix'], ['']],
  ['neutron:/v2.0/agents', ['fields', 'agent_type', 'host', 'alive', 'binary'], ['']],
  ['glance:/v2/images', ['limit', 'marker', 'sort_key', 'sort_dir', 'sort', 'name', 'status', 'visibility', 'owner', 'member_status', 'tag',
    'size_min', 'size_max', 'os_hidden', 'created_at', 'updated_at', 'protected', 'disk_format'], ['']],
  ['cinder:/v3/volumes/detail', ['limit', 'marker', 'sort', 'sort_key', 'sort_dir', 'all_tenants', 'name', 'status', 'metadata', 'with_count',
    'offset', 'bootable', 'created_at'], ['volume 3.0', 'volume 3.45', 'volume 3.60']],
  ['cinder:/v3/attachments/detail', ['limit', 'marker', 'volume_id', 'instance_id', 'all_tenants'], ['volume 3.27', 'volume 3.44']],
  ['cinder:/v3/messages', ['limit', 'marker', 'sort', 'event_id', 'resource_uuid'], ['volume 3.3', 'volume 3.5']],
  ['placement:/resource_providers', ['name', 'uuid', 'member_of', 'resources', 'in_tree', 'required', 'limit'],
    ['placement 1.0', 'placement 1.18', 'placement 1.38']],
  ['placement:/allocation_candidates', ['resources', 'required', 'member_of', 'limit', 'group_policy', 'in_tree', 'root_required', 'resources1',
    'required1', 'same_subtree'], ['placement 1.10', 'placement 1.25', 'placement 1.38']],
  ['placement:/usages', ['project_id', 'user_id', 'consumer_type'], ['placement 1.9', 'placement 1.38']],
  ['placement:/traits', ['name', 'associated'], ['placement 1.6']],
  ['keystone:/v3/projects', ['name', 'domain_id', 'enabled', 'is_domain', 'parent_id'], ['']],
  ['keystone:/v3/role_assignments', ['user.id', 'scope.project.id', 'include_names', 'effective', 'role.id'], ['']],
];

/** Query values: empty, signed and huge numbers, words, dates, placement syntax, ids no resource has, unicode, long strings. */
export const QUERY_VALUES = [
  '', '-1', '0', '1', '2', '1000000000000', 'abc', 'true', 'false', 'None', '__proto__', 'constructor', '%00', '%', '2026-01-05T09:00:00Z',
  'not-a-date', 'VCPU:1', 'VCPU:1,MEMORY_MB:64,DISK_GB:1', 'VCPU:-1', 'VCPU:abc', 'MEMORY_MB', 'in:a,b', 'startswith:CUSTOM', '!CUSTOM_X',
  'HW_CPU_X86_AVX2', 'name:asc', 'created_at:desc,name', 'x:y:z', 'asc', 'sideways', 'id', 'name', 'status', 'ünï ☃', 'x'.repeat(3000),
  '00000000-0000-4000-8000-000000000000', 'fa:16:3e:00:00:00', 'ip_address=203.0.113.101', 'subnet_id=x', 'ingress', 'tcp', '203.0.113.0/24',
  'compute1', 'nova-compute', 'ACTIVE', 'available', 'active', 'public', 'isolate', 'none', 'DHCP agent', '4', '6',
];

/** A GET with up to five random parameters (a name may repeat). */
export const query: fc.Arbitrary<Query> = fc.record({
  op: fc.constant('query' as const), who: fc.constantFrom<Who>('admin', 'demo'), endpoint: fc.nat(), microversion: fc.nat(),
  params: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
});

/** Route templates per service (the real APIs' paths); `{x}` is filled with junk. */
export const TEMPLATES: Record<ServiceName, string[]> = {
  keystone: ['/', '/v3', '/v3/auth/tokens', '/v3/auth/catalog', '/v3/projects', '/v3/projects/{id}', '/v3/users', '/v3/users/{id}',
    '/v3/roles', '/v3/projects/{id}/users/{id}/roles/{id}', '/v3/role_assignments', '/v3/services', '/v3/endpoints', '/v3/{id}'],
  glance: ['/', '/versions', '/v2/images', '/v2/images/{id}', '/v2/images/{id}/file', '/v2/images/{id}/stage', '/v2/images/{id}/import',
    '/v2/images/{id}/actions/deactivate', '/v2/images/{id}/actions/reactivate', '/v2/images/{id}/tags/{id}', '/v2/images/{id}/members',
    '/v2/images/{id}/members/{id}', '/v2/schemas/image', '/v2/{id}'],
  placement: ['/', '/resource_providers', '/resource_providers/{id}', '/resource_providers/{id}/inventories',
    '/resource_providers/{id}/inventories/{id}', '/resource_providers/{id}/usages', '/resource_providers/{id}/allocations',
    '/resource_providers/{id}/aggregates', '/resource_providers/{id}/traits', '/allocation_candidates', '/allocations',
    '/allocations/{id}', '/usages', '/resource_classes', '/resource_classes/{id}', '/traits', '/traits/{id}', '/{id}'],
  nova: ['/', '/v2.1', '/v2.1/servers', '/v2.1/servers/detail', '/v2.1/servers/{id}', '/v2.1/servers/{id}/action',
    '/v2.1/servers/{id}/remote-consoles', '/v2.1/servers/{id}/metadata', '/v2.1/servers/{id}/metadata/{id}',
    '/v2.1/servers/{id}/os-instance-actions', '/v2.1/servers/{id}/os-interface', '/v2.1/servers/{id}/os-volume_attachments',
    '/v2.1/servers/{id}/os-volume_attachments/{id}', '/v2.1/flavors', '/v2.1/flavors/{id}', '/v2.1/flavors/{id}/action',
    '/v2.1/flavors/{id}/os-extra_specs', '/v2.1/flavors/{id}/os-extra_specs/{id}', '/v2.1/os-keypairs', '/v2.1/os-keypairs/{id}',
    '/v2.1/os-quota-sets/{id}', '/v2.1/os-services', '/v2.1/os-services/{id}', '/v2.1/os-hypervisors/{id}',
    '/v2.1/os-server-external-events', '/v2.1/os-console-auth-tokens/{id}', '/v2.1/{id}'],
  neutron: ['/', '/v2.0', '/v2.0/extensions/{id}', '/v2.0/networks', '/v2.0/networks/{id}', '/v2.0/networks/{id}/dhcp-agents',
    '/v2.0/subnets', '/v2.0/subnets/{id}', '/v2.0/ports', '/v2.0/ports/{id}', '/v2.0/security-groups', '/v2.0/security-groups/{id}',
    '/v2.0/security-group-rules', '/v2.0/security-group-rules/{id}', '/v2.0/quotas/{id}', '/v2.0/agents/{id}', '/v2.0/{id}'],
  cinder: ['/v3/volumes', '/v3/volumes/detail', '/v3/volumes/{id}', '/v3/volumes/{id}/action', '/v3/attachments',
    '/v3/attachments/{id}', '/v3/attachments/{id}/action', '/v3/types/{id}', '/v3/os-quota-sets/{id}', '/v3/messages/{id}',
    '/v3/{id}/volumes', '/v3/{id}'],
};

/** Path segments no resource has: missing UUIDs, unicode, dots, encoded slashes and very long strings. */
const junkSegment = fc.oneof(
  fc.constantFrom('00000000-0000-4000-8000-000000000000', 'nope', '..', '%2F', '%00', 'null', '-1', '1e999', 'CUSTOM_X', 'VCPU', 'x'.repeat(5000)),
  fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(encodeURIComponent),
);

/** JSON bodies that no API takes: non-objects, deep or huge values, and resource keys with junk inside. */
const junkBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, 0, -1, 1e308, '', '{', 'x'.repeat(100_000), [], [null], {}),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 3 }).filter(convertible),
  fc.record({
    key: fc.constantFrom('server', 'network', 'subnet', 'port', 'volume', 'flavor', 'keypair', 'security_group', 'security_group_rule',
      'attachment', 'auth', 'project', 'os-stop', 'reboot', 'volumeAttachment', 'allocations', 'inventories', 'name', 'resource_providers'),
    value: fc.oneof(fc.constantFrom(null, 1, 'x', [], {}, { name: null }, { id: 5 }, { name: 'x'.repeat(70_000) }), fc.jsonValue({ maxDepth: 2 }).filter(convertible)),
  }).map(({ key, value }) => ({ [key]: value })),
);

/** Microversion headers a client may send, including unsupported and malformed ones. */
const junkHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  fc.constantFrom<Record<string, string>>(
    { 'OpenStack-API-Version': 'compute 2.999' }, { 'OpenStack-API-Version': 'compute abc' }, { 'X-OpenStack-Nova-API-Version': '3.0' },
    { 'OpenStack-API-Version': 'placement 1.99' }, { 'OpenStack-API-Version': 'placement x' }, { 'OpenStack-API-Version': 'volume 3.999' },
    { 'OpenStack-API-Version': 'volume latest' }, { 'Content-Type': 'text/plain' }, { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
  ),
);

/** A random request against one service. */
export const garbage: fc.Arbitrary<Garbage> = fc
  .record({
    who: fc.constantFrom<Garbage['who']>('admin', 'admin', 'demo', 'none', 'forged'),
    service: fc.constantFrom<ServiceName>('keystone', 'glance', 'placement', 'nova', 'neutron', 'cinder'),
    method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'FOO'),
    template: fc.nat(),
    segments: fc.array(junkSegment, { minLength: 3, maxLength: 3 }),
    body: junkBody,
    headers: junkHeaders,
  })
  .map(({ who, service, method, template, segments, body, headers }) => {
    const t = TEMPLATES[service][template % TEMPLATES[service].length];
    let i = 0;
    const path = t.replace(/\{id\}/g, () => segments[i++ % segments.length]);
    return { op: 'garbage' as const, who, service, method, path, body, headers };
  });

/** The API processes (and Keystone): each goes down only for the length of one request. */
export const API_PROCESSES = ['keystone', 'glance-api', 'placement-api', 'nova-api', 'neutron-server', 'cinder-api'];

/** An API process down for one request (tokens that keystonemiddleware has cached still pass while Keystone is down). */
const outage = fc.record({
  op: fc.constant('outage' as const),
  component: fc.constantFrom(...API_PROCESSES),
  during: fc.oneof(boot, port, garbage, fc.record({ op: fc.constant('deleteServer' as const), who, server: pick }),
    fc.record({ op: fc.constant('attachVolume' as const), who, server: pick, volume: pick })),
});

/** A valid or malformed request against one resource, or a change to the deployment (processes, nodes, time). */
export const operation: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: network, weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('deleteNetwork' as const), who, net: pick }), weight: 1 },
  { arbitrary: subnet, weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('deleteSubnet' as const), who, subnet: pick }), weight: 1 },
  { arbitrary: port, weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('deletePort' as const), who, port: pick }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('updatePort' as const), who, port: pick,
      change: mostly(fc.constantFrom('ip', 'ip', 'down', 'up', 'sg', 'name'), 'steal', 'junk', 'network'),
      subnet: pick, offset: fc.oneof(fc.integer({ min: 2, max: 30 }), fc.nat(300)), server: pick, sg: pick,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('createSecurityGroup' as const), who, name }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('deleteSecurityGroup' as const), who, sg: pick }), weight: 1 },
  { arbitrary: rule, weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('deleteRule' as const), who, rule: pick }), weight: 1 },
  { arbitrary: flavor, weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('deleteFlavor' as const), who, flavor: pick }), weight: 1 },
  { arbitrary: keypair, weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('deleteKeypair' as const), who, keypair: pick }), weight: 1 },
  { arbitrary: image, weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant('uploadImage' as const), who, image: pick, data: fc.string({ maxLength: 40 }),
      contentType: mostly(fc.constant('application/octet-stream'), 'application/json', 'text/plain'),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('unprotectImage' as const), who, image: pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('deleteImage' as const), who, image: pick }), weight: 1 },
  { arbitrary: boot, weight: 8 },
  {
    arbitrary: fc.record({
      op: fc.constant('serverAction' as const), who: mostly(fc.constant<Who>('demo'), 'admin'), server: pick,
      action: mostly(fc.constantFrom('os-stop', 'os-start', 'reboot-SOFT', 'reboot-HARD', 'pause', 'unpause', 'suspend', 'resume', 'lock', 'unlock'),
        'reboot-WEIRD', 'bogus', 'null'),
    }),
    weight: 8,
  },
  { arbitrary: fc.record({ op: fc.constant('deleteServer' as const), who: mostly(fc.constant<Who>('demo'), 'admin'), server: pick }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant('updateServer' as const), who, server: pick,
      change: mostly(fc.constantFrom('rename', 'metadata', 'console'), 'badname', 'badmetadata', 'badconsole'),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('createVolume' as const), who: mostly(fc.constant<Who>('demo'), 'admin'), size: mostly(fc.constantFrom(1, 2), 0, -1, '1', 'x', 100_000, null), name,
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('deleteVolume' as const), who: mostly(fc.constant<Who>('demo'), 'admin'), volume: pick }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('extendVolume' as const), who: mostly(fc.constant<Who>('demo'), 'admin'), volume: pick, size: mostly(fc.constantFrom(2, 3), 1, 0, 'x', 100_000),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('attachVolume' as const), who: mostly(fc.constant<Who>('demo'), 'admin'), server: pick, volume: pick }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('detachVolume' as const), who: mostly(fc.constant<Who>('demo'), 'admin'), server: pick, volume: pick }), weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant('placementRead' as const), who: mostly(fc.constant<Who>('admin'), 'demo'), provider: pick,
      what: fc.constantFrom('providers', 'usages', 'inventories', 'allocations', 'traits', 'candidates', 'badcandidates'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('placementInventory' as const), who: mostly(fc.constant<Who>('admin'), 'demo'), provider: pick,
      // Placement lets an admin shrink an inventory below its usage (it only logs a warning), so totals stay roomy.
      total: fc.constantFrom(16, 64, 0, -1), reserved: fc.constantFrom(0, 0, 1, 100),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('quota' as const), who: mostly(fc.constant<Who>('admin'), 'demo'),
      service: fc.constantFrom('instances', 'cores', 'ram', 'volumes', 'gigabytes', 'port'), value: fc.constantFrom(-1, 0, 1, 2, 10, -5),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('computeService' as const), who: mostly(fc.constant<Who>('admin'), 'demo'), node: fc.nat(10),
      change: mostly(fc.constantFrom('disable', 'enable', 'up'), 'down', 'bogus', 'delete'),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('toggle' as const), component: fc.nat(40) }), weight: 2 },
  { arbitrary: outage, weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('powerNode' as const), node: fc.nat(10), up: fc.boolean() }), weight: 1 },
  { arbitrary: fc.constant({ op: 'addCompute' as const }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('removeCompute' as const), node: fc.nat(10) }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.oneof(fc.constantFrom(1, 5, 50, 500, 2000, 10_000, 60_000, 600_000), fc.nat(90_000)) }),
    weight: 5,
  },
  { arbitrary: fc.constant({ op: 'settle' as const }), weight: 2 },
  { arbitrary: garbage, weight: 2 },
  { arbitrary: mutant, weight: 6 },
  { arbitrary: query, weight: 3 },
);
