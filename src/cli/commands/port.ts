/** `openstack port list/show` (python-openstackclient 6.0.0 network/v2/port.py, via openstacksdk; `--server` via novaclient). */
import { dictColumn, listColumn, listDictColumn } from '../format/columns.ts';
import { novaFind, sdkFind } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { flag, listOf, multi, opt, pos, showSorted } from './helpers.ts';
import { adminState, projectId } from './network.ts';
import { NETWORK, PORT, SECURITY_GROUP, SUBNET, query, sdkErrors, sdkFields } from './network-common.ts';

/** The SDK Port attributes `port show` prints → the API key. */
const FIELDS: Record<string, string> = {
  admin_state_up: 'admin_state_up', allowed_address_pairs: 'allowed_address_pairs', binding_host_id: 'binding:host_id',
  binding_profile: 'binding:profile', binding_vif_details: 'binding:vif_details', binding_vif_type: 'binding:vif_type',
  binding_vnic_type: 'binding:vnic_type', created_at: 'created_at', data_plane_status: 'data_plane_status', description: 'description',
  device_id: 'device_id', device_owner: 'device_owner', device_profile: 'device_profile', dns_assignment: 'dns_assignment',
  dns_domain: 'dns_domain', dns_name: 'dns_name', extra_dhcp_opts: 'extra_dhcp_opts', fixed_ips: 'fixed_ips', id: 'id',
  ip_allocation: 'ip_allocation', mac_address: 'mac_address', name: 'name', network_id: 'network_id',
  numa_affinity_policy: 'numa_affinity_policy', port_security_enabled: 'port_security_enabled', project_id: 'project_id',
  propagate_uplink_status: 'propagate_uplink_status', qos_network_policy_id: 'qos_network_policy_id', qos_policy_id: 'qos_policy_id',
  resource_request: 'resource_request', revision_number: 'revision_number', security_group_ids: 'security_groups', status: 'status',
  tags: 'tags', trunk_details: 'trunk_details', updated_at: 'updated_at',
};

/** A port as `port show` prints it. */
export function portView(p: any) {
  const d = sdkFields(p, FIELDS);
  d.admin_state_up = adminState(d.admin_state_up);
  for (const k of ['allowed_address_pairs', 'dns_assignment', 'extra_dhcp_opts', 'fixed_ips']) d[k] = listDictColumn(d[k] as any);
  for (const k of ['binding_profile', 'binding_vif_details']) d[k] = dictColumn(d[k] as any);
  for (const k of ['security_group_ids', 'tags']) d[k] = listColumn(d[k] as unknown[]);
  if (d.tags && !p?.tags) d.tags = listColumn([]);
  return showSorted(d);
}

export const portCommands: CommandSpec[] = [
  {
    words: ['port', 'list'],
    help: 'List ports',
    kind: 'list',
    params: [
      opt('--device-owner', '<device-owner>', 'List only ports with the specified device owner. This is the entity that uses the port (for example, network:dhcp).'),
      opt('--host', '<host-id>', 'List only ports bound to this host ID'),
      opt('--network', '<network>', 'List only ports connected to this network (name or ID)'),
      opt('--router', '<router>', 'List only ports attached to this router (name or ID)', { exclusive: 'device' }),
      opt('--server', '<server>', 'List only ports attached to this server (name or ID)', { exclusive: 'device' }),
      opt('--device-id', '<device-id>', 'List only ports with the specified device ID', { exclusive: 'device' }),
      opt('--mac-address', '<mac-address>', 'List only ports with this MAC address'),
      flag('--long', 'List additional fields in output'),
      opt('--project', '<project>', "List ports according to their project (name or ID)"),
      opt('--name', '<name>', 'List ports according to their name'),
      multi('--security-group', '<security-group>', 'List only ports associated with this security group', { dest: 'security_groups' }),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      multi('--fixed-ip', 'subnet=<subnet>,ip-address=<ip-address>,ip-substring=<ip-substring>', 'Desired IP and/or subnet for filtering ports (name or ID): subnet=<subnet>,ip-address=<ip-address>,ip-substring=<ip-substring> (repeat option to set multiple fixed IP addresses)', { dest: 'fixed_ip' }),
      opt('--tags', '<tag>[,<tag>,...]', 'List ports which have all given tag(s) (Comma-separated list of tags)'),
      opt('--any-tags', '<tag>[,<tag>,...]', 'List ports which have any given tag(s) (Comma-separated list of tags)'),
      opt('--not-tags', '<tag>[,<tag>,...]', 'Exclude ports which have all given tag(s) (Comma-separated list of tags)'),
      opt('--not-any-tags', '<tag>[,<tag>,...]', 'Exclude ports which have any given tag(s) (Comma-separated list of tags)'),
    ],
    async run(ctx, a) {
      const columns = ['id', 'name', 'mac_address', 'fixed_ips', 'status'];
      const headers = ['ID', 'Name', 'MAC Address', 'Fixed IP Addresses', 'Status'];
      if (a.long) {
        columns.push('security_group_ids', 'device_owner', 'tags');
        headers.push('Security Groups', 'Device Owner', 'Tags');
      }
      return sdkErrors(async () => {
        const q: [string, unknown][] = [];
        if (a.device_owner != null) q.push(['device_owner', a.device_owner]);
        if (a.device_id != null) q.push(['device_id', a.device_id]);
        if (a.router) {
          const router = await sdkFind(ctx.client, { type: 'network', path: '/v2.0/routers', one: 'router', many: 'routers', className: 'Router' }, a.router);
          q.push(['device_id', router.id]);
        }
        if (a.server) q.push(['device_id', (await novaFind(ctx.client, 'server', a.server)).id]);
        if (a.host) q.push(['binding:host_id', a.host]);
        if (a.network) q.push(['network_id', (await sdkFind(ctx.client, NETWORK, a.network)).id]);
        if (a.mac_address) q.push(['mac_address', a.mac_address]);
        if (a.project) q.push(['project_id', await projectId(ctx, a.project)]);
        if (a.name) q.push(['name', a.name]);
        for (const f of a.fixed_ip ?? []) {
          for (const kv of String(f).split(',')) {
            const [k, v] = [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];
            if (k === 'subnet') q.push(['fixed_ips', `subnet_id=${(await sdkFind(ctx.client, SUBNET, v)).id}`]);
            else if (k === 'ip-address') q.push(['fixed_ips', `ip_address=${v}`]);
            else if (k === 'ip-substring') q.push(['fixed_ips', `ip_address_substr=${v}`]);
          }
        }
        for (const g of a.security_groups ?? []) q.push(['security_groups', (await sdkFind(ctx.client, SECURITY_GROUP, g)).id]);
        for (const k of ['tags', 'any_tags', 'not_tags', 'not_any_tags']) if (a[k]) q.push([k.replace(/_/g, '-'), a[k]]);
        // The SDK asks for exactly the listed columns (its attribute names, as OSC passes them).
        const fields = columns.map((c) => `fields=${c}`).join('&');
        const qs = query(q);
        const r = await ctx.client.call('network', 'GET', `/v2.0/ports${qs ? `${qs}&${fields}` : `?${fields}`}`, { lib: 'sdk' });
        const ports: any[] = r.body.ports ?? [];
        return listOf(headers, ports.map((p) => {
          const row: unknown[] = [p.id, p.name ?? null, p.mac_address ?? null, listDictColumn(p.fixed_ips), p.status ?? null];
          // Neutron knows no `security_group_ids` field, so the SDK's column stays empty (None), as with the real client.
          if (a.long) row.push(p.security_group_ids === undefined ? null : listColumn(p.security_group_ids), p.device_owner ?? null, listColumn(p.tags));
          return row;
        }));
      });
    },
  },
  {
    words: ['port', 'show'],
    help: 'Display port details',
    kind: 'show',
    params: [pos('port', '<port>', 'Port to display (name or ID)')],
    async run(ctx, a) {
      return sdkErrors(async () => portView(await sdkFind(ctx.client, PORT, a.port)));
    },
  },
];
