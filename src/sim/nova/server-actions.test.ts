/** Stop, start, reboot, lock and delete: task_state on the way, the final state, and 409 for the wrong state. */
import { describe, expect, it } from 'vitest';
import { createCloud, type Cloud } from '../cloud.ts';
import { api } from '../testing.ts';
import { action, bootServer, getServer, must, prepareLaunch, type LaunchSetup } from './test-helpers.ts';

function activeServer(): { cloud: Cloud; s: LaunchSetup; id: string } {
  const cloud = createCloud();
  const s = prepareLaunch(cloud);
  const id = (bootServer(cloud, s).body as any).server.id;
  cloud.runUntilIdle();
  return { cloud, s, id };
}

function states(cloud: Cloud, s: LaunchSetup, id: string) {
  const v = getServer(cloud, s.demo.token, id);
  return [v.status, v['OS-EXT-STS:vm_state'], v['OS-EXT-STS:task_state'], v['OS-EXT-STS:power_state']];
}

describe('stop and start', () => {
  it('stops through powering-off to SHUTOFF and starts through powering-on to ACTIVE', () => {
    const { cloud, s, id } = activeServer();
    expect(action(cloud, s.demo.token, id, { 'os-stop': null }).status).toBe(202);
    expect(states(cloud, s, id)).toEqual(['ACTIVE', 'active', 'powering-off', 1]);
    cloud.runUntilIdle();
    expect(states(cloud, s, id)).toEqual(['SHUTOFF', 'stopped', null, 4]);
    expect(cloud.tables()['hypervisor.domains'][id].state).toBe('shut off');
    expect(action(cloud, s.demo.token, id, { 'os-start': null }).status).toBe(202);
    expect(states(cloud, s, id)).toEqual(['SHUTOFF', 'stopped', 'powering-on', 4]);
    cloud.runUntilIdle();
    expect(states(cloud, s, id)).toEqual(['ACTIVE', 'active', null, 1]);
  });

  it('answers 409 for the wrong vm_state or a task in progress, changing nothing', () => {
    const { cloud, s, id } = activeServer();
    const start = action(cloud, s.demo.token, id, { 'os-start': null });
    expect(start.status).toBe(409);
    expect(start.body).toEqual({ conflictingRequest: { code: 409, message: `Cannot 'start' instance ${id} while it is in vm_state active` } });
    action(cloud, s.demo.token, id, { 'os-stop': null });
    const again = action(cloud, s.demo.token, id, { 'os-stop': null });
    expect((again.body as any).conflictingRequest.message).toBe(`Cannot 'stop' instance ${id} while it is in task_state powering-off`);
    cloud.runUntilIdle();
    const stopped = action(cloud, s.demo.token, id, { 'os-stop': null });
    expect((stopped.body as any).conflictingRequest.message).toBe(`Cannot 'stop' instance ${id} while it is in vm_state stopped`);
    expect(states(cloud, s, id)).toEqual(['SHUTOFF', 'stopped', null, 4]);
  });

  it('refuses to stop a server that has no host yet (409 "is not ready")', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    const res = action(cloud, s.demo.token, id, { 'os-stop': null });
    expect(res.status).toBe(409);
    expect((res.body as any).conflictingRequest.message).toBe(`Instance ${id} is not ready`);
  });
});

describe('reboot', () => {
  it('soft-reboots through rebooting, reboot_pending and reboot_started (status REBOOT) back to ACTIVE', () => {
    const { cloud, s, id } = activeServer();
    expect(action(cloud, s.demo.token, id, { reboot: { type: 'SOFT' } }).status).toBe(202);
    const seen = [getServer(cloud, s.demo.token, id)['OS-EXT-STS:task_state']];
    while (cloud.step()) {
      const t = cloud.engine.state.tables['nova.instances'][id].task_state;
      if (t !== seen[seen.length - 1]) seen.push(t);
    }
    expect(seen).toEqual(['rebooting', 'reboot_pending', 'reboot_started', null]);
    expect(states(cloud, s, id)).toEqual(['ACTIVE', 'active', null, 1]);
  });

  it('shows HARD_REBOOT during a hard reboot of an active server; a stopped one stays SHUTOFF until it runs', () => {
    const { cloud, s, id } = activeServer();
    expect(action(cloud, s.demo.token, id, { reboot: { type: 'HARD' } }).status).toBe(202);
    expect(getServer(cloud, s.demo.token, id).status).toBe('HARD_REBOOT');
    cloud.runUntilIdle();
    action(cloud, s.demo.token, id, { 'os-stop': null });
    cloud.runUntilIdle();
    const soft = action(cloud, s.demo.token, id, { reboot: { type: 'SOFT' } });
    expect((soft.body as any).conflictingRequest.message).toBe(`Cannot 'reboot' instance ${id} while it is in vm_state stopped`);
    expect(action(cloud, s.demo.token, id, { reboot: { type: 'HARD' } }).status).toBe(202);
    expect(states(cloud, s, id)).toEqual(['SHUTOFF', 'stopped', 'rebooting_hard', 4]);
    cloud.runUntilIdle();
    expect(states(cloud, s, id)).toEqual(['ACTIVE', 'active', null, 1]);
  });

  it('validates the reboot type', () => {
    const { cloud, s, id } = activeServer();
    const res = action(cloud, s.demo.token, id, { reboot: { type: 'GENTLE' } });
    expect(res.status).toBe(400);
    expect((res.body as any).badRequest.message).toBe("Invalid input for field/attribute type. Value: 'GENTLE'. 'GENTLE' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
    expect(action(cloud, s.demo.token, id, { 'os-fly': null }).body).toEqual({ badRequest: { code: 400, message: 'There is no such action: os-fly' } });
  });
});

describe('pause and suspend', () => {
  it('pauses (PAUSED, power 3) and unpauses; suspends (SUSPENDED, power 7) and resumes; 409 from the wrong state', () => {
    const { cloud, s, id } = activeServer();
    expect(action(cloud, s.demo.token, id, { pause: null }).status).toBe(202);
    expect(states(cloud, s, id)).toEqual(['ACTIVE', 'active', 'pausing', 1]);
    cloud.runUntilIdle();
    expect(states(cloud, s, id)).toEqual(['PAUSED', 'paused', null, 3]);
    expect((action(cloud, s.demo.token, id, { suspend: null }).body as any).conflictingRequest.message).toBe(`Cannot 'suspend' instance ${id} while it is in vm_state paused`);
    action(cloud, s.demo.token, id, { unpause: null });
    cloud.runUntilIdle();
    expect(states(cloud, s, id)).toEqual(['ACTIVE', 'active', null, 1]);
    action(cloud, s.demo.token, id, { suspend: null });
    cloud.runUntilIdle();
    expect(states(cloud, s, id)).toEqual(['SUSPENDED', 'suspended', null, 7]);
    action(cloud, s.demo.token, id, { resume: null });
    cloud.runUntilIdle();
    expect(states(cloud, s, id)).toEqual(['ACTIVE', 'active', null, 1]);
  });
});

describe('lock', () => {
  it('stops a member from changing a server an admin locked', () => {
    const { cloud, s, id } = activeServer();
    expect(action(cloud, s.admin.token, id, { lock: null }).status).toBe(202);
    const res = action(cloud, s.demo.token, id, { 'os-stop': null });
    expect(res.body).toEqual({ conflictingRequest: { code: 409, message: `Instance ${id} is locked` } });
    expect(action(cloud, s.demo.token, id, { unlock: null }).status).toBe(403);
    expect(action(cloud, s.admin.token, id, { unlock: null }).status).toBe(202);
    expect(action(cloud, s.demo.token, id, { 'os-stop': null }).status).toBe(202);
  });
});

describe('delete', () => {
  it('keeps the status while deleting, then 404s; ports, allocation and guest are gone and the row is soft-deleted', () => {
    const { cloud, s, id } = activeServer();
    expect(api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}`).status).toBe(204);
    expect(states(cloud, s, id)).toEqual(['ACTIVE', 'active', 'deleting', 1]);
    cloud.runUntilIdle();
    const gone = getServer(cloud, s.demo.token, id);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } });
    expect(must(api(cloud, s.admin.token, 'GET', `neutron:/v2.0/ports?device_id=${id}`), 200).ports).toEqual([]);
    expect(api(cloud, s.admin.token, 'GET', `placement:/allocations/${id}`).body).toMatchObject({ allocations: {} });
    const tables = cloud.tables();
    expect(tables['hypervisor.domains'][id]).toBeUndefined();
    expect(tables['nova.instances'][id]).toMatchObject({ vm_state: 'deleted', task_state: null, power_state: 0, deleted: 1 });
    expect(must(api(cloud, s.admin.token, 'GET', 'nova:/v2.1/os-hypervisors/detail'), 200).hypervisors[0]).toMatchObject({ running_vms: 0, memory_mb_used: 512 });
  });

  it('deletes a server still waiting for the conductor: only the BuildRequest existed, nothing is claimed', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    expect(api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}`).status).toBe(204);
    expect(getServer(cloud, s.demo.token, id).status).toBe(404);
    cloud.runUntilIdle();
    const tables = cloud.tables();
    expect(tables['nova.instances']?.[id]).toBeUndefined();
    expect(tables['nova_api.instance_mappings'][id]).toBeUndefined();
    expect(api(cloud, s.admin.token, 'GET', `placement:/allocations/${id}`).body).toMatchObject({ allocations: {} });
  });

  it('deletes locally when the compute service is down, cleaning up ports in Neutron from the API', () => {
    const { cloud, s, id } = activeServer();
    cloud.stop('nova-compute@compute1');
    cloud.advance(61_000);
    expect(api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}`).status).toBe(204);
    expect(getServer(cloud, s.demo.token, id).status).toBe(404);
    expect(must(api(cloud, s.admin.token, 'GET', `neutron:/v2.0/ports?device_id=${id}`), 200).ports).toEqual([]);
    // The guest is still defined on the stopped host; nova-compute reaps it when it comes back.
    expect(cloud.tables()['hypervisor.domains'][id]).toBeDefined();
    cloud.start('nova-compute@compute1');
    cloud.runUntilIdle();
    expect(cloud.tables()['hypervisor.domains'][id]).toBeUndefined();
  });
});
