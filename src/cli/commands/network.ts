/** `openstack network create/list/show/set/delete` (python-openstackclient 6.0.0 network/v2/network.py, via openstacksdk). */
import { CommandError } from '../errors.ts';
import { Formattable, listColumn } from '../format/columns.ts';
import { sdkFind } from '../lookup.ts';
import type { Args, CommandSpec, Param, RunCtx } from '../types.ts';
import { flag, listOf, multi, opt, pos, showSorted } from './helpers.ts';
import { bulkDelete, NETWORK, query, sdkErrors, sdkFields, showOneErrors } from './network-common.ts';

/** The SDK Network attributes as `network show` names them → the API key. */
const FIELDS: Record<string, string> = {
  admin_state_up: 'admin_state_up', availability_zone_hints: 'availability_zone_hints', availability_zones: 'availability_zones',
  created_at: 'created_at', description: 'description', dns_domain: 'dns_domain', id: 'id', ipv4_address_scope: 'ipv4_address_scope',
  ipv6_address_scope: 'ipv6_address_scope', is_default: 'is_default', is_vlan_transparent: 'vlan_transparent', mtu: 'mtu', name: 'name',
  port_security_enabled: 'port_security_enabled', project_id: 'project_id', 'provider:network_type': 'provider:network_type',
  'provider:physical_network': 'provider:physical_network', 'provider:segmentation_id': 'provider:segmentation_id',
  qos_policy_id: 'qos_policy_id', revision_number: 'revision_number', 'router:external': 'router:external', segments: 'segments',
  shared: 'shared', status: 'status', subnets: 'subnets', tags: 'tags', updated_at: 'updated_at',
};

/** AdminStateColumn: `UP`/`DOWN` in tables, the boolean in json. */
export function adminState(v: unknown): Formattable {
  return new Formattable(v ? 'UP' : 'DOWN', v ?? null);
}

function routerExternal(v: unknown): Formattable {
  return new Formattable(v ? 'External' : 'Internal', v ?? null);
}

/** A network as `network show` prints it. */
export function networkView(net: any) {
  const d = sdkFields(net, FIELDS);
  d.admin_state_up = adminState(d.admin_state_up);
  d['router:external'] = routerExternal(d['router:external']);
  for (const k of ['availability_zone_hints', 'availability_zones', 'subnets', 'tags']) d[k] = listColumn(d[k] as unknown[]);
  return showSorted(d);
}

const EXTRA: Param = opt('--extra-property', 'type=<property_type>,name=<property_name>,value=<property_value>',
  "Additional parameters can be passed using this property. Default type of the extra property is string ('str'), but other types can be used as well. Available types are: 'dict', 'list', 'str', 'bool', 'int'. In case of 'list' type, 'value' can be semicolon-separated list of values. For 'dict' value is semicolon-separated list of the key:value pairs.",
  { action: 'append', dest: 'extra_properties' });

const PROVIDER: Param[] = [
  opt('--provider-network-type', '<provider-network-type>', 'The physical mechanism by which the virtual network is implemented. For example: flat, geneve, gre, local, vlan, vxlan.'),
  opt('--provider-physical-network', '<provider-physical-network>', 'Name of the physical network over which the virtual network is implemented', { dest: 'physical_network' }),
  opt('--provider-segment', '<provider-segment>', 'VLAN ID for VLAN networks or Tunnel ID for GENEVE/GRE/VXLAN networks', { dest: 'segmentation_id' }),
  opt('--dns-domain', '<dns-domain>', 'Set DNS domain for this network (requires DNS integration extension)'),
];

/** `_get_attrs_network`: the request body keys, in the order OSC builds them. */
function networkAttrs(a: Args): Record<string, unknown> {
  const at: Record<string, unknown> = {};
  if (a.name != null) at.name = a.name;
  if (a.enable === true && a.disable !== true) at.admin_state_up = true;
  if (a.disable) at.admin_state_up = false;
  if (a.share) at.shared = true;
  if (a.no_share) at.shared = false;
  if (a.enable_port_security) at.port_security_enabled = true;
  if (a.disable_port_security) at.port_security_enabled = false;
  if (a.availability_zone_hints?.length) at.availability_zone_hints = a.availability_zone_hints;
  if (a.description) at.description = a.description;
  // OSC passes --mtu through as the string it was given; Neutron converts it.
  if (a.mtu) at.mtu = a.mtu;
  if (a.internal) at['router:external'] = false;
  if (a.external) at['router:external'] = true;
  if (a.no_default) at.is_default = false;
  if (a.default) at.is_default = true;
  if (a.provider_network_type) at['provider:network_type'] = a.provider_network_type;
  if (a.physical_network) at['provider:physical_network'] = a.physical_network;
  if (a.segmentation_id) at['provider:segmentation_id'] = a.segmentation_id;
  if (a.dns_domain) at.dns_domain = a.dns_domain;
  for (const p of a.extra_properties ?? []) {
    const kv = Object.fromEntries(String(p).split(',').map((x) => [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)]));
    if (kv.name) at[kv.name] = kv.type === 'int' ? Number(kv.value) : kv.type === 'bool' ? /^(true|1|yes)$/i.test(kv.value) : kv.value;
  }
  return at;
}

const shareFlags = (help: [string, string]): Param[] => [
  flag('--share', help[0], { exclusive: 'share' }),
  flag('--no-share', help[1], { exclusive: 'share' }),
];

export const networkCommands: CommandSpec[] = [
  {
    words: ['network', 'create'],
    help: 'Create new network',
    kind: 'show',
    params: [
      EXTRA,
      pos('name', '<name>', 'New network name'),
      ...shareFlags(['Share the network between projects', 'Do not share the network between projects']),
      flag('--enable', 'Enable network (default)', { exclusive: 'admin', default: true }),
      flag('--disable', 'Disable network', { exclusive: 'admin' }),
      opt('--project', '<project>', "Owner's project (name or ID)"),
      opt('--description', '<description>', 'Set network description'),
      opt('--mtu', '<mtu>', 'Set network mtu'),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      multi('--availability-zone-hint', '<availability-zone>', 'Availability Zone in which to create this network (Network Availability Zone extension required, repeat option to set multiple availability zones)', { dest: 'availability_zone_hints' }),
      flag('--enable-port-security', 'Enable port security by default for ports created on this network (default)', { exclusive: 'port-security' }),
      flag('--disable-port-security', 'Disable port security by default for ports created on this network', { exclusive: 'port-security' }),
      flag('--external', 'Set this network as an external network (external-net extension required)', { exclusive: 'external' }),
      flag('--internal', 'Set this network as an internal network (default)', { exclusive: 'external' }),
      flag('--default', 'Specify if this network should be used as the default external network', { exclusive: 'default' }),
      flag('--no-default', 'Do not use the network as the default external network (default)', { exclusive: 'default' }),
      opt('--qos-policy', '<qos-policy>', 'QoS policy to attach to this network (name or ID)'),
      flag('--transparent-vlan', 'Make the network VLAN transparent', { exclusive: 'vlan' }),
      flag('--no-transparent-vlan', 'Do not make the network VLAN transparent', { exclusive: 'vlan' }),
      ...PROVIDER,
      multi('--tag', '<tag>', 'Tag to be added to the network (repeat option to set multiple tags)', { exclusive: 'tag' }),
      flag('--no-tag', 'No tags associated with the network', { exclusive: 'tag' }),
    ],
    async run(ctx, a) {
      return showOneErrors(async () => {
        const body = networkAttrs(a);
        if (a.project) body.project_id = await projectId(ctx, a.project);
        if (a.transparent_vlan) body.vlan_transparent = true;
        if (a.no_transparent_vlan) body.vlan_transparent = false;
        const r = await ctx.client.call('network', 'POST', '/v2.0/networks', { lib: 'sdk', body: { network: body } });
        let net = r.body.network;
        if (a.tag?.length) {
          await ctx.client.call('network', 'PUT', `/v2.0/networks/${net.id}/tags`, { lib: 'sdk', body: { tags: a.tag } });
          net = { ...net, tags: a.tag };
        }
        return networkView(net);
      });
    },
  },
  {
    words: ['network', 'delete'],
    help: 'Delete network(s)',
    kind: 'plain',
    params: [pos('network', '<network>', 'Network(s) to delete (name or ID)', { nargs: '+' })],
    async run(ctx, a) {
      await bulkDelete(ctx, 'network', a.network, async (name) => {
        const net = await sdkFind(ctx.client, NETWORK, name);
        await ctx.client.call('network', 'DELETE', `/v2.0/networks/${net.id}`, { lib: 'sdk' });
      });
    },
  },
  {
    words: ['network', 'list'],
    help: 'List networks',
    kind: 'list',
    params: [
      flag('--external', 'List external networks', { dest: 'external', exclusive: 'external' }),
      flag('--internal', 'List internal networks', { dest: 'internal', exclusive: 'external' }),
      flag('--long', 'List additional fields in output'),
      opt('--name', '<name>', 'List networks according to their name'),
      flag('--enable', 'List enabled networks', { exclusive: 'admin' }),
      flag('--disable', 'List disabled networks', { exclusive: 'admin' }),
      opt('--project', '<project>', 'List networks according to their project (name or ID)'),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      flag('--share', 'List networks shared between projects', { exclusive: 'share' }),
      flag('--no-share', 'List networks not shared between projects', { exclusive: 'share' }),
      opt('--status', '<status>', "List networks according to their status ('ACTIVE', 'BUILD', 'DOWN', 'ERROR')", { choices: ['ACTIVE', 'BUILD', 'DOWN', 'ERROR'] }),
      opt('--provider-network-type', '<provider-network-type>', 'List networks according to their physical mechanisms. The supported options are: flat, geneve, gre, local, vlan, vxlan.', { choices: ['flat', 'geneve', 'gre', 'local', 'vlan', 'vxlan'] }),
      opt('--provider-physical-network', '<provider-physical-network>', 'List networks according to name of the physical network', { dest: 'physical_network' }),
      opt('--provider-segment', '<provider-segment>', 'List networks according to VLAN ID for VLAN networks or Tunnel ID for GENEVE/GRE/VXLAN networks', { dest: 'segmentation_id' }),
      opt('--agent', '<agent-id>', 'List networks hosted by agent (ID only)', { dest: 'agent_id' }),
      opt('--tags', '<tag>[,<tag>,...]', 'List networks which have all given tag(s) (Comma-separated list of tags)'),
      opt('--any-tags', '<tag>[,<tag>,...]', 'List networks which have any given tag(s) (Comma-separated list of tags)'),
      opt('--not-tags', '<tag>[,<tag>,...]', 'Exclude networks which have all given tag(s) (Comma-separated list of tags)'),
      opt('--not-any-tags', '<tag>[,<tag>,...]', 'Exclude networks which have any given tag(s) (Comma-separated list of tags)'),
    ],
    async run(ctx, a) {
      return sdkErrors(async () => {
        if (a.agent_id) {
          const r = await ctx.client.call('network', 'GET', `/v2.0/agents/${encodeURIComponent(a.agent_id)}/dhcp-networks`, { lib: 'sdk' });
          return listOf(['ID', 'Name', 'Subnets'], (r.body.networks ?? []).map((n: any) => [n.id, n.name, listColumn(n.subnets)]));
        }
        const q: [string, unknown][] = [];
        if (a.external) q.push(['router:external', true]);
        else if (a.internal) q.push(['router:external', false]);
        if (a.name != null) q.push(['name', a.name]);
        if (a.enable) q.push(['admin_state_up', true]);
        else if (a.disable) q.push(['admin_state_up', false]);
        if (a.project) q.push(['project_id', await projectId(ctx, a.project)]);
        if (a.share) q.push(['shared', true]);
        else if (a.no_share) q.push(['shared', false]);
        if (a.status) q.push(['status', a.status]);
        if (a.provider_network_type) q.push(['provider:network_type', a.provider_network_type]);
        if (a.physical_network) q.push(['provider:physical_network', a.physical_network]);
        if (a.segmentation_id) q.push(['provider:segmentation_id', a.segmentation_id]);
        for (const k of ['tags', 'any_tags', 'not_tags', 'not_any_tags']) if (a[k]) q.push([k.replace(/_/g, '-'), a[k]]);
        const r = await ctx.client.call('network', 'GET', `/v2.0/networks${query(q)}`, { lib: 'sdk' });
        const nets: any[] = r.body.networks ?? [];
        if (!a.long) return listOf(['ID', 'Name', 'Subnets'], nets.map((n) => [n.id, n.name, listColumn(n.subnets)]));
        return listOf(
          ['ID', 'Name', 'Status', 'Project', 'State', 'Shared', 'Subnets', 'Network Type', 'Router Type', 'Availability Zones', 'Tags'],
          nets.map((n) => [
            n.id, n.name, n.status, n.project_id, adminState(n.admin_state_up), n.shared, listColumn(n.subnets),
            n['provider:network_type'] ?? null, routerExternal(n['router:external']), listColumn(n.availability_zones), listColumn(n.tags),
          ]),
        );
      });
    },
  },
  {
    words: ['network', 'set'],
    help: 'Set network properties',
    kind: 'plain',
    params: [
      EXTRA,
      pos('network', '<network>', 'Network to modify (name or ID)'),
      opt('--name', '<name>', 'Set network name'),
      flag('--enable', 'Enable network', { exclusive: 'admin' }),
      flag('--disable', 'Disable network', { exclusive: 'admin' }),
      ...shareFlags(['Share the network between projects', 'Do not share the network between projects']),
      opt('--description', '<description', 'Set network description'),
      opt('--mtu', '<mtu', 'Set network mtu'),
      flag('--enable-port-security', 'Enable port security by default for ports created on this network', { exclusive: 'port-security' }),
      flag('--disable-port-security', 'Disable port security by default for ports created on this network', { exclusive: 'port-security' }),
      flag('--external', 'Set this network as an external network (external-net extension required)', { exclusive: 'external' }),
      flag('--internal', 'Set this network as an internal network', { exclusive: 'external' }),
      flag('--default', 'Set the network as the default external network', { exclusive: 'default' }),
      flag('--no-default', 'Do not use the network as the default external network', { exclusive: 'default' }),
      ...PROVIDER,
    ],
    async run(ctx, a) {
      await sdkErrors(async () => {
        const net = await sdkFind(ctx.client, NETWORK, a.network);
        const body = networkAttrs(a);
        await ctx.client.call('network', 'PUT', `/v2.0/networks/${net.id}`, { lib: 'sdk', body: { network: body } });
      });
    },
  },
  {
    words: ['network', 'show'],
    help: 'Show network details',
    kind: 'show',
    params: [pos('network', '<network>', 'Network to display (name or ID)')],
    async run(ctx, a) {
      return showOneErrors(async () => networkView(await sdkFind(ctx.client, NETWORK, a.network)));
    },
  },
];

/** identity_common.find_project: `GET /v3/projects/<x>`, else the name search. */
export async function projectId(ctx: RunCtx, nameOrId: string): Promise<string> {
  const byId = await ctx.client.call('identity', 'GET', `/projects/${encodeURIComponent(nameOrId)}`, { lib: 'keystone', ok: () => true });
  if (byId.status === 200) return byId.body.project.id;
  const r = await ctx.client.call('identity', 'GET', `/projects?name=${encodeURIComponent(nameOrId)}`, { lib: 'keystone', ok: () => true });
  const p = (r.body?.projects ?? [])[0];
  if (!p) throw new CommandError(`No project with a name or ID of '${nameOrId}' exists.`);
  return p.id;
}
