import { describe, expect, it } from 'vitest';
import { cloudShell, header } from './network-testing.ts';

describe('osc-placement commands', () => {
  it('lists the compute node provider, more columns from 1.14, and its inventory and usage', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const list = await sh.run('openstack resource provider list');
    expect(header(list.stdout)).toEqual(['uuid', 'name', 'generation']);
    const v14 = await sh.run('openstack --os-placement-api-version 1.14 resource provider list --name compute1');
    expect(header(v14.stdout)).toEqual(['uuid', 'name', 'generation', 'root_provider_uuid', 'parent_provider_uuid']);
    const uuid = (await sh.run('openstack resource provider list -f value -c uuid')).stdout.trim();
    const inv = await sh.run(`openstack resource provider inventory list ${uuid}`);
    expect(header(inv.stdout)).toEqual(['resource_class', 'allocation_ratio', 'min_unit', 'max_unit', 'reserved', 'step_size', 'total']);
    expect(inv.stdout).toMatch(/\| MEMORY_MB +\| +1\.0 \| +1 \| +8192 \| +512 \| +1 \| +8192 \|/);
    const usage = await sh.run(`openstack resource provider usage show ${uuid}`);
    expect(usage.stdout).toMatch(/\| VCPU +\| +0 \|/);
  });

  it('needs the microversion each command or option was added in', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const old = await sh.run('openstack resource class list');
    expect([old.exitCode, old.stderr]).toEqual([1, 'Operation or argument is not supported with version 1.0; requires at least version 1.2\n']);
    const ok = await sh.run('openstack --os-placement-api-version 1.2 resource class list -f value -c name');
    expect(ok.stdout.split('\n')).toContain('VCPU');
    const cand = await sh.run('openstack --os-placement-api-version 1.10 allocation candidate list --resource VCPU=1 --resource MEMORY_MB=64');
    expect(header(cand.stdout)).toEqual(['#', 'allocation', 'resource provider', 'inventory used/capacity']);
    expect(cand.stdout).toMatch(/\| 1 \| VCPU=1,MEMORY_MB=64 \| [0-9a-f-]{36} \| VCPU=0\/\d+,MEMORY_MB=0\/\d+ \|/);
  });

  it('prints Placement’s error for an unknown provider', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const r = await sh.run('openstack resource provider inventory list nosuch');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/nosuch.*\(HTTP 404\) \(Request-ID: req-/s);
  });
});
