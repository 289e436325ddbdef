/** Random sequences of server actions and process failures leave a consistent cloud: nothing stuck, nothing leaked. */
import { describe, expect, it } from 'vitest';
import { createCloud, type Cloud } from '../cloud.ts';
import { checkInvariants } from '../invariants.ts';
import { api } from '../testing.ts';
import { action, bootServer, prepareLaunch } from './test-helpers.ts';

// nova-conductor is left out: a compute's RPC call to a stopped conductor fails at once here (MessagingTimeout),
// where a real one would wait up to rpc_response_timeout for it to come back.
const PROCESSES = ['nova-compute@compute1', 'nova-compute@compute2', 'nova-scheduler', 'neutron-openvswitch-agent@compute1', 'glance-api'];

/** Runs `steps` random operations chosen by a small seeded generator; returns what was done. */
function randomRun(cloud: Cloud, seed: number, steps: number): string[] {
  let x = seed;
  const rnd = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    return x % n;
  };
  const s = prepareLaunch(cloud);
  const ids: string[] = [];
  const log: string[] = [];
  for (let i = 0; i < steps; i++) {
    const op = rnd(11);
    const id = ids[rnd(Math.max(ids.length, 1))];
    const token = rnd(2) ? s.demo.token : s.admin.token;
    if (op <= 2) {
      const r = bootServer(cloud, s, { name: `s${i}` });
      if (r.status === 202) ids.push((r.body as any).server.id);
      log.push(`boot ${r.status}`);
    } else if (op === 3 && id) log.push(`stop ${action(cloud, token, id, { 'os-stop': null }).status}`);
    else if (op === 4 && id) log.push(`start ${action(cloud, token, id, { 'os-start': null }).status}`);
    else if (op === 5 && id) log.push(`reboot ${action(cloud, token, id, { reboot: { type: rnd(2) ? 'HARD' : 'SOFT' } }).status}`);
    else if (op === 6 && id) log.push(`delete ${api(cloud, token, 'DELETE', `nova:/v2.1/servers/${id}`).status}`);
    else if (op === 7) {
      const p = PROCESSES[rnd(PROCESSES.length)];
      if (rnd(2)) cloud.stop(p);
      else cloud.start(p);
      log.push(`toggle ${p}`);
    } else cloud.advance(rnd(op === 8 ? 100_000 : 5_000));
  }
  for (const c of cloud.components()) if (!c.up) cloud.start(c.name);
  cloud.runUntilIdle();
  return log;
}

describe('robustness', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random run %i ends with no stuck server, no leaked allocation or port, no crashed handler', (seed) => {
    const cloud = createCloud({ seed, computes: ['compute1', 'compute2'] });
    const log = randomRun(cloud, seed, 25);
    expect(log.length).toBeGreaterThan(0);
    expect(cloud.trace().filter((t) => t.kind === 'event' && t.status === 500)).toEqual([]);
    expect(checkInvariants(cloud)).toEqual([]);
    const t = cloud.tables();
    const live = Object.values((t['nova.instances'] ?? {}) as Record<string, any>).filter((i) => !i.deleted && i.host).map((i) => i.uuid);
    const consumers = new Set(Object.values((t['placement.allocations'] ?? {}) as Record<string, any>).map((a) => a.consumer_id));
    expect([...consumers].filter((c) => !live.includes(c))).toEqual([]);
    expect(live.filter((u) => !consumers.has(u))).toEqual([]);
    const ports = Object.values((t['neutron.ports'] ?? {}) as Record<string, any>).filter((p) => p.device_owner === 'compute:nova');
    expect(ports.filter((p) => !live.includes(p.device_id))).toEqual([]);
    const all = Object.values((t['nova.instances'] ?? {}) as Record<string, any>).filter((i) => !i.deleted);
    expect(all.filter((i) => i.task_state !== null || i.vm_state === 'building')).toEqual([]);
  });
});
