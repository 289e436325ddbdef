/** For the command tests: a shell session on a fresh simulated cloud, with ping and ssh wired to it. */
import { createCloud, type Cloud } from '../../sim/cloud.ts';
import { networkHooks } from '../net-tools.ts';
import { newSession } from '../shell/session.ts';
import { runShell } from '../shell/shell.ts';
import type { FetchLike, RunResult } from '../types.ts';

/** A shell on `cloud` (a new one by default) whose clock advances when commands sleep. */
export function cloudShell(cloud: Cloud = createCloud()) {
  const session = newSession();
  const fetch = cloud.fetch as unknown as FetchLike;
  const sleep = async (ms: number) => {
    cloud.advance(ms);
  };
  const opts = { fetch, sleep, network: networkHooks(fetch, { sleep }), columns: 200 };
  return {
    cloud,
    /** Runs one input line; returns stdout, stderr and the exit code. */
    run: (line: string): Promise<RunResult> => runShell(line, session, opts),
  };
}

/** The header cells of the first table in `out`. */
export function header(out: string): string[] {
  const line = out.split('\n').find((l) => l.startsWith('|'));
  return line ? line.slice(1, -1).split('|').map((c) => c.trim()) : [];
}

/** The value of `field` in a Field/Value table. */
export function field(out: string, name: string): string | undefined {
  for (const l of out.split('\n')) {
    const cells = l.startsWith('|') ? l.slice(1, -1).split('|').map((c) => c.trim()) : [];
    if (cells[0] === name) return cells[1];
  }
  return undefined;
}

/** The install guide's provider network and subnet, created as admin. */
export const PROVIDER_NETWORK = [
  'openstack network create --share --external --provider-physical-network provider --provider-network-type flat provider',
  'openstack subnet create --network provider --allocation-pool start=203.0.113.101,end=203.0.113.250 --dns-nameserver 8.8.4.4 --gateway 203.0.113.1 --subnet-range 203.0.113.0/24 provider',
];
