import { describe, expect, it } from 'vitest';
import { cloudShell, field, header } from './network-testing.ts';

describe('openstack volume commands', () => {
  it('creates a volume, lists it available with OSC 6 columns and shows it by name', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const c = await sh.run('openstack volume create --size 1 volume1');
    expect(c.exitCode).toBe(0);
    expect([field(c.stdout, 'status'), field(c.stdout, 'type'), field(c.stdout, 'properties'), field(c.stdout, 'bootable')]).toEqual(['creating', '__DEFAULT__', '', 'false']);
    sh.cloud.runUntilIdle();
    const list = await sh.run('openstack volume list');
    expect(header(list.stdout)).toEqual(['ID', 'Name', 'Status', 'Size', 'Attached to']);
    expect(list.stdout).toMatch(/\| volume1 \| available \| {4}1 \| {13}\|/);
    const long = await sh.run('openstack volume list --long');
    expect(header(long.stdout)).toEqual(['ID', 'Name', 'Status', 'Size', 'Type', 'Bootable', 'Attached to', 'Properties']);
    const show = await sh.run('openstack volume show volume1');
    expect(field(show.stdout, 'status')).toBe('available');
  });

  it('asks for --size before any request, and names a missing volume as cinderclient does', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const mark = sh.cloud.mark();
    const r = await sh.run('openstack volume create vol');
    expect([r.exitCode, r.stderr]).toEqual([1, '--size is a required option if snapshot or source volume is not specified.\n']);
    expect(sh.cloud.trace(mark).some((t) => t.summary.includes('/volumes'))).toBe(false);
    const show = await sh.run('openstack volume show nosuch');
    expect([show.exitCode, show.stderr]).toEqual([1, "No volume with a name or ID of 'nosuch' exists.\n"]);
    const del = await sh.run('openstack volume delete nosuch');
    expect(del.stderr).toBe("Failed to delete volume with name or ID 'nosuch': No volume with a name or ID of 'nosuch' exists.\n1 of 1 volumes failed to delete.\n");
  });

  it('deletes a volume', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    await sh.run('openstack volume create --size 1 v2');
    sh.cloud.runUntilIdle();
    expect((await sh.run('openstack volume delete v2')).exitCode).toBe(0);
    sh.cloud.runUntilIdle();
    expect((await sh.run('openstack volume list -f value -c Name')).stdout).toBe('');
  });
});
