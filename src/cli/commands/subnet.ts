/** `openstack subnet create/list/show/delete` (python-openstackclient 6.0.0 network/v2/subnet.py, via openstacksdk). */
import { CommandError } from '../errors.ts';
import { Formattable, listColumn, listDictColumn } from '../format/columns.ts';
import { sdkFind } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { flag, listOf, multi, opt, pos, showSorted } from './helpers.ts';
import { projectId } from './network.ts';
import { bulkDelete, NETWORK, query, sdkErrors, sdkFields, SUBNET } from './network-common.ts';

/** The SDK Subnet attributes `subnet show` prints → the API key. */
const FIELDS: Record<string, string> = {
  allocation_pools: 'allocation_pools', cidr: 'cidr', created_at: 'created_at', description: 'description', dns_nameservers: 'dns_nameservers',
  dns_publish_fixed_ip: 'dns_publish_fixed_ip', enable_dhcp: 'enable_dhcp', gateway_ip: 'gateway_ip', host_routes: 'host_routes', id: 'id',
  ip_version: 'ip_version', ipv6_address_mode: 'ipv6_address_mode', ipv6_ra_mode: 'ipv6_ra_mode', name: 'name', network_id: 'network_id',
  project_id: 'project_id', revision_number: 'revision_number', segment_id: 'segment_id', service_types: 'service_types',
  subnetpool_id: 'subnetpool_id', tags: 'tags', updated_at: 'updated_at',
};

/** AllocationPoolsColumn: `start-end` joined by commas. */
function pools(v: any): Formattable {
  return new Formattable((v ?? []).map((p: any) => `${p.start ?? ''}-${p.end ?? ''}`).join(','), v ?? []);
}

/** HostRoutesColumn: one `destination='…', gateway='…'` line per route (the API's nexthop shown as gateway). */
function routes(v: any): Formattable {
  const shown = (v ?? []).map((r: any) => {
    const { nexthop, ...rest } = r;
    return nexthop === undefined ? r : { ...rest, gateway: nexthop };
  });
  return new Formattable(listDictColumn(shown).human, v ?? []);
}

/** A subnet as `subnet show` prints it. */
export function subnetView(s: any) {
  const d = sdkFields(s, FIELDS);
  d.allocation_pools = pools(d.allocation_pools);
  d.host_routes = routes(d.host_routes);
  for (const k of ['dns_nameservers', 'service_types', 'tags']) d[k] = listColumn(d[k] as unknown[]);
  return showSorted(d);
}

/** osc-lib's MultiKeyValueAction: `start=a,end=b` → a dict, with argparse's error when keys are wrong. */
function keyValueList(values: string[] | undefined, required: string[], optional: string[]): Record<string, string>[] | undefined {
  if (!values?.length) return undefined;
  // argparse's ArgumentTypeError from inside the action reaches cliff as a plain error: the message alone, exit 1.
  const fail = (msg: string): never => {
    throw new CommandError(msg);
  };
  return values.map((v) => {
    const out: Record<string, string> = {};
    for (const kv of v.split(',')) {
      const i = kv.indexOf('=');
      if (i < 0) fail(`Expected comma separated 'key=value' pairs, but got: ${kv}`);
      if (i === 0) fail(`Each property key must be specified: ${kv}`);
      out[kv.slice(0, i)] = kv.slice(i + 1);
    }
    const valid = [...required, ...optional];
    const invalid = Object.keys(out).filter((k) => !valid.includes(k));
    if (invalid.length) fail(`Invalid keys ${invalid.join(', ')} specified.\nValid keys are: ${[...valid].sort().join(', ')}`);
    const missing = required.filter((k) => !(k in out));
    if (missing.length) fail(`Missing required keys ${missing.join(', ')}.\nRequired keys are: ${[...required].sort().join(', ')}`);
    return out;
  });
}

const TAG_FILTERS = [
  opt('--tags', '<tag>[,<tag>,...]', 'List subnets which have all given tag(s) (Comma-separated list of tags)'),
  opt('--any-tags', '<tag>[,<tag>,...]', 'List subnets which have any given tag(s) (Comma-separated list of tags)'),
  opt('--not-tags', '<tag>[,<tag>,...]', 'Exclude subnets which have all given tag(s) (Comma-separated list of tags)'),
  opt('--not-any-tags', '<tag>[,<tag>,...]', 'Exclude subnets which have any given tag(s) (Comma-separated list of tags)'),
];

const create: CommandSpec = {
  words: ['subnet', 'create'],
  help: 'Create a subnet',
  kind: 'show',
  params: [
    opt('--extra-property', 'type=<property_type>,name=<property_name>,value=<property_value>', "Additional parameters can be passed using this property. Default type of the extra property is string ('str'), but other types can be used as well. Available types are: 'dict', 'list', 'str', 'bool', 'int'. In case of 'list' type, 'value' can be semicolon-separated list of values. For 'dict' value is semicolon-separated list of the key:value pairs.", { action: 'append', dest: 'extra_properties' }),
    pos('name', '<name>', 'New subnet name'),
    opt('--project', '<project>', "Owner's project (name or ID)"),
    opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
    opt('--subnet-pool', '<subnet-pool>', 'Subnet pool from which this subnet will obtain a CIDR (Name or ID)', { exclusive: 'pool' }),
    opt('--use-prefix-delegation', 'USE_PREFIX_DELEGATION', "Use 'prefix-delegation' if IP is IPv6 format and IP would be delegated externally", { exclusive: 'pool' }),
    flag('--use-default-subnet-pool', 'Use default subnet pool for --ip-version', { exclusive: 'pool' }),
    opt('--prefix-length', '<prefix-length>', 'Prefix length for subnet allocation from subnet pool'),
    opt('--subnet-range', '<subnet-range>', 'Subnet range in CIDR notation (required if --subnet-pool is not specified, optional otherwise)'),
    flag('--dhcp', 'Enable DHCP (default)', { exclusive: 'dhcp' }),
    flag('--no-dhcp', 'Disable DHCP', { exclusive: 'dhcp' }),
    flag('--dns-publish-fixed-ip', 'Enable publishing fixed IPs in DNS', { exclusive: 'dns-publish' }),
    flag('--no-dns-publish-fixed-ip', 'Disable publishing fixed IPs in DNS (default)', { exclusive: 'dns-publish' }),
    opt('--gateway', '<gateway>', "Specify a gateway for the subnet.  The three options are: <ip-address>: Specific IP address to use as the gateway, 'auto': Gateway address should automatically be chosen from within the subnet itself, 'none': This subnet will not use a gateway, e.g.: --gateway 192.168.9.1, --gateway auto, --gateway none (default is 'auto').", { default: 'auto' }),
    opt('--ip-version', '{4,6}', 'IP version (default is 4).  Note that when subnet pool is specified, IP version is determined from the subnet pool and this option is ignored.', { type: 'int', choices: ['4', '6'], default: 4 }),
    opt('--ipv6-ra-mode', '{dhcpv6-stateful,dhcpv6-stateless,slaac}', 'IPv6 RA (Router Advertisement) mode, valid modes: [dhcpv6-stateful, dhcpv6-stateless, slaac]', { choices: ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac'] }),
    opt('--ipv6-address-mode', '{dhcpv6-stateful,dhcpv6-stateless,slaac}', 'IPv6 address mode, valid modes: [dhcpv6-stateful, dhcpv6-stateless, slaac]', { choices: ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac'] }),
    opt('--network-segment', '<network-segment>', 'Network segment to associate with this subnet (name or ID)'),
    opt('--network', '<network>', 'Network this subnet belongs to (name or ID)', { required: true }),
    opt('--description', '<description>', 'Set subnet description'),
    multi('--allocation-pool', 'start=<ip-address>,end=<ip-address>', 'Allocation pool IP addresses for this subnet e.g.: start=192.168.199.2,end=192.168.199.254 (repeat option to add multiple IP addresses)', { dest: 'allocation_pools' }),
    multi('--dns-nameserver', '<dns-nameserver>', 'DNS server for this subnet (repeat option to set multiple DNS servers)', { dest: 'dns_nameservers' }),
    multi('--host-route', 'destination=<subnet>,gateway=<ip-address>', 'Additional route for this subnet e.g.: destination=10.10.0.0/16,gateway=192.168.71.254 destination: destination subnet (in CIDR notation) gateway: nexthop IP address (repeat option to add multiple routes)', { dest: 'host_routes' }),
    multi('--service-type', '<service-type>', "Service type for this subnet e.g.: network:floatingip_agent_gateway. Must be a valid device owner value for a network port (repeat option to set multiple service types)", { dest: 'service_types' }),
    multi('--tag', '<tag>', 'Tag to be added to the subnet (repeat option to set multiple tags)', { exclusive: 'tag' }),
    flag('--no-tag', 'No tags associated with the subnet', { exclusive: 'tag' }),
  ],
  async run(ctx, a) {
    const allocationPools = keyValueList(a.allocation_pools, ['start', 'end'], []);
    const hostRoutes = keyValueList(a.host_routes, ['destination', 'gateway'], []);
    return sdkErrors(async () => {
      const body: Record<string, unknown> = { name: a.name };
      if (a.project) body.project_id = await projectId(ctx, a.project);
      body.network_id = (await sdkFind(ctx.client, NETWORK, a.network)).id;
      if (a.use_prefix_delegation) body.subnetpool_id = 'prefix_delegation';
      if (a.use_default_subnet_pool) body.use_default_subnet_pool = true;
      if (a.prefix_length != null) body.prefixlen = a.prefix_length;
      if (a.subnet_range != null) body.cidr = a.subnet_range;
      if (a.ip_version != null) body.ip_version = a.ip_version;
      if (a.ipv6_ra_mode) body.ipv6_ra_mode = a.ipv6_ra_mode;
      if (a.ipv6_address_mode) body.ipv6_address_mode = a.ipv6_address_mode;
      const gw = String(a.gateway).toLowerCase();
      if (gw === 'none') body.gateway_ip = null;
      else if (gw !== 'auto') body.gateway_ip = gw;
      if (allocationPools) body.allocation_pools = allocationPools;
      if (a.dhcp) body.enable_dhcp = true;
      if (a.no_dhcp) body.enable_dhcp = false;
      if (a.dns_publish_fixed_ip) body.dns_publish_fixed_ip = true;
      if (a.no_dns_publish_fixed_ip) body.dns_publish_fixed_ip = false;
      if (a.dns_nameservers?.length) body.dns_nameservers = a.dns_nameservers;
      if (hostRoutes) body.host_routes = hostRoutes.map(({ gateway, ...r }) => ({ ...r, nexthop: gateway }));
      if (a.service_types?.length) body.service_types = a.service_types;
      if (a.description != null) body.description = a.description;
      const r = await ctx.client.call('network', 'POST', '/v2.0/subnets', { lib: 'sdk', body: { subnet: body } });
      let subnet = r.body.subnet;
      if (a.tag?.length) {
        await ctx.client.call('network', 'PUT', `/v2.0/subnets/${subnet.id}/tags`, { lib: 'sdk', body: { tags: a.tag } });
        subnet = { ...subnet, tags: a.tag };
      }
      return subnetView(subnet);
    });
  },
};

export const subnetCommands: CommandSpec[] = [
  create,
  {
    words: ['subnet', 'delete'],
    help: 'Delete subnet(s)',
    kind: 'plain',
    params: [pos('subnet', '<subnet>', 'Subnet(s) to delete (name or ID)', { nargs: '+' })],
    async run(ctx, a) {
      await bulkDelete(ctx, 'subnet', a.subnet, async (name) => {
        const s = await sdkFind(ctx.client, SUBNET, name);
        await ctx.client.call('network', 'DELETE', `/v2.0/subnets/${s.id}`, { lib: 'sdk' });
      });
    },
  },
  {
    words: ['subnet', 'list'],
    help: 'List subnets',
    kind: 'list',
    params: [
      flag('--long', 'List additional fields in output'),
      opt('--ip-version', '<ip-version>', 'List only subnets of given IP version in output. Allowed values for IP version are 4 and 6.', { type: 'int', choices: ['4', '6'] }),
      flag('--dhcp', 'List subnets which have DHCP enabled', { exclusive: 'dhcp' }),
      flag('--no-dhcp', 'List subnets which have DHCP disabled', { exclusive: 'dhcp' }),
      multi('--service-type', '<service-type>', 'List only subnets of a given service type in output e.g.: network:floatingip_agent_gateway. Must be a valid device owner value for a network port (repeat option to list multiple service types)', { dest: 'service_types' }),
      opt('--project', '<project>', "List only subnets which belong to a given project in output (name or ID)"),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      opt('--network', '<network>', 'List only subnets which belong to a given network in output (name or ID)'),
      opt('--gateway', '<gateway>', 'List only subnets of given gateway IP in output'),
      opt('--name', '<name>', 'List only subnets of given name in output'),
      opt('--subnet-range', '<subnet-range>', 'List only subnets of given subnet range (in CIDR notation) in output e.g.: --subnet-range 10.10.0.0/16'),
      opt('--subnet-pool', '<subnet-pool>', 'List only subnets which belong to a given subnet pool in output (Name or ID)'),
      ...TAG_FILTERS,
    ],
    async run(ctx, a) {
      return sdkErrors(async () => {
        const q: [string, unknown][] = [];
        if (a.ip_version) q.push(['ip_version', a.ip_version]);
        if (a.dhcp) q.push(['enable_dhcp', true]);
        else if (a.no_dhcp) q.push(['enable_dhcp', false]);
        for (const t of a.service_types ?? []) q.push(['service_types', t]);
        if (a.project) q.push(['project_id', await projectId(ctx, a.project)]);
        if (a.network) q.push(['network_id', (await sdkFind(ctx.client, NETWORK, a.network)).id]);
        if (a.gateway) q.push(['gateway_ip', a.gateway]);
        if (a.name) q.push(['name', a.name]);
        if (a.subnet_range) q.push(['cidr', a.subnet_range]);
        for (const k of ['tags', 'any_tags', 'not_tags', 'not_any_tags']) if (a[k]) q.push([k.replace(/_/g, '-'), a[k]]);
        const r = await ctx.client.call('network', 'GET', `/v2.0/subnets${query(q)}`, { lib: 'sdk' });
        const rows: any[] = r.body.subnets ?? [];
        const headers = ['ID', 'Name', 'Network', 'Subnet'];
        if (!a.long) return listOf(headers, rows.map((s) => [s.id, s.name, s.network_id, s.cidr]));
        return listOf(
          [...headers, 'Project', 'DHCP', 'Name Servers', 'Allocation Pools', 'Host Routes', 'IP Version', 'Gateway', 'Service Types', 'Tags'],
          rows.map((s) => [
            s.id, s.name, s.network_id, s.cidr, s.project_id, s.enable_dhcp ?? null, listColumn(s.dns_nameservers), pools(s.allocation_pools),
            routes(s.host_routes), s.ip_version ?? null, s.gateway_ip ?? null, listColumn(s.service_types), listColumn(s.tags),
          ]),
        );
      });
    },
  },
  {
    words: ['subnet', 'show'],
    help: 'Display subnet details',
    kind: 'show',
    params: [pos('subnet', '<subnet>', 'Subnet to display (name or ID)')],
    async run(ctx, a) {
      return sdkErrors(async () => subnetView(await sdkFind(ctx.client, SUBNET, a.subnet)));
    },
  },
];
