import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { providerNetwork, rejects } from './test-fixtures.ts';

function flatNetwork(cloud: ReturnType<typeof createCloud>) {
  const admin = login(cloud, 'admin');
  const net = api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', {
    network: { name: 'provider', shared: true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' },
  });
  return { admin, networkId: (net.body as any).network.id as string };
}

describe('subnets', () => {
  it('defaults the gateway to the first address and the pool to the rest', () => {
    const cloud = createCloud();
    const { admin, networkId } = flatNetwork(cloud);
    const res = api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', { subnet: { network_id: networkId, ip_version: 4, cidr: '198.51.100.7/24' } });
    expect(res.status).toBe(201);
    expect((res.body as any).subnet).toMatchObject({
      cidr: '198.51.100.0/24', gateway_ip: '198.51.100.1', allocation_pools: [{ start: '198.51.100.2', end: '198.51.100.254' }], enable_dhcp: true,
    });
  });

  it('refuses bad CIDRs, pools and gateways with Neutron\'s messages, changing nothing', () => {
    const cloud = createCloud();
    const { admin, networkId } = flatNetwork(cloud);
    const post = (s: Record<string, unknown>) => () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', {
      subnet: { network_id: networkId, ip_version: 4, cidr: '203.0.113.0/24', ...s },
    });
    expect(rejects(cloud, 400, 'HTTPBadRequest', post({ cidr: '203.0.113.0/33' })))
      .toBe("Invalid input for cidr. Reason: '203.0.113.0/33' is not a valid IP subnet.");
    expect(rejects(cloud, 400, 'InvalidInput', post({ ip_version: 6 })))
      .toBe("Invalid input for operation: cidr '203.0.113.0/24' does not match the ip_version '6'.");
    expect(rejects(cloud, 400, 'OutOfBoundsAllocationPool', post({ allocation_pools: [{ start: '203.0.113.200', end: '203.0.114.10' }] })))
      .toBe('The allocation pool 203.0.113.200-203.0.114.10 spans beyond the subnet cidr 203.0.113.0/24.');
    expect(rejects(cloud, 409, 'GatewayConflictWithAllocationPools', post({ gateway_ip: '203.0.113.150', allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }] })))
      .toBe('Gateway ip 203.0.113.150 conflicts with allocation pool 203.0.113.101-203.0.113.250.');
    expect(rejects(cloud, 409, 'OverlappingAllocationPools', post({ allocation_pools: [{ start: '203.0.113.10', end: '203.0.113.20' }, { start: '203.0.113.15', end: '203.0.113.30' }] })))
      .toBe('Found overlapping allocation pools: 203.0.113.10-203.0.113.20 203.0.113.15-203.0.113.30 for subnet 203.0.113.0/24.');
    expect(rejects(cloud, 400, 'InvalidInput', post({ cidr: '203.0.113.0/31' })))
      .toBe('Invalid input for operation: Subnet has a prefix length that is incompatible with DHCP service enabled.');
    expect(rejects(cloud, 400, 'HTTPBadRequest', post({ ip_version: undefined })))
      .toBe("Failed to parse request. Required attribute 'ip_version' not specified");
    expect(api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', { subnet: { network_id: networkId, ip_version: 4, cidr: '203.0.113.0/24' } }).status).toBe(201);
    expect(rejects(cloud, 400, 'InvalidInput', post({ cidr: '203.0.113.128/25' })))
      .toBe(`Invalid input for operation: Requested subnet with cidr: 203.0.113.128/25 for network: ${networkId} overlaps with another subnet.`);
  });

  it('lets only the network owner add subnets, and keeps a subnet whose addresses are in use', () => {
    const cloud = createCloud();
    const { admin, networkId, subnetId } = providerNetwork(cloud);
    const demo = login(cloud, 'demo');
    expect(rejects(cloud, 403, 'PolicyNotAuthorized', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/subnets', {
      subnet: { network_id: networkId, ip_version: 4, cidr: '198.51.100.0/24' },
    }))).toBe('rule:create_subnet is disallowed by policy');
    expect((api(cloud, demo.token, 'GET', `neutron:/v2.0/subnets/${subnetId}`).body as any).subnet.cidr).toBe('203.0.113.0/24');
    const port = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } }).body as any).port;
    expect(rejects(cloud, 409, 'SubnetInUse', () => api(cloud, admin.token, 'DELETE', `neutron:/v2.0/subnets/${subnetId}`)))
      .toBe(`Unable to complete operation on subnet ${subnetId}: One or more ports have an IP allocation from this subnet.`);
    api(cloud, admin.token, 'DELETE', `neutron:/v2.0/ports/${port.id}`);
    // Only the DHCP port is left; it loses its address and the agent stops serving the network.
    expect(api(cloud, admin.token, 'DELETE', `neutron:/v2.0/subnets/${subnetId}`).status).toBe(204);
    cloud.runUntilIdle();
    expect((api(cloud, admin.token, 'GET', 'neutron:/v2.0/ports').body as any).ports).toEqual([]);
    expect((cloud.tables() as any)['neutron.dhcp_servers'][networkId]).toBeUndefined();
  });

  it('gives the DHCP port an address on a second DHCP subnet', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const sub = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', { subnet: { network_id: networkId, ip_version: 4, cidr: '198.51.100.0/24' } }).body as any).subnet;
    cloud.runUntilIdle();
    const dhcp = (api(cloud, admin.token, 'GET', 'neutron:/v2.0/ports?device_owner=network:dhcp').body as any).ports[0];
    expect(dhcp.fixed_ips.map((f: any) => f.ip_address)).toEqual(['203.0.113.101', '198.51.100.2']);
    expect(dhcp.fixed_ips[1].subnet_id).toBe(sub.id);
    expect((cloud.tables() as any)['neutron.dhcp_servers'][networkId].ip_addresses).toEqual(['203.0.113.101/24', '198.51.100.2/24']);
  });
});
