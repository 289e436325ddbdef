/** `npm run test:clients`: serves a fresh simulated cloud and drives it with the real python-openstackclient. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCloud } from '../../src/sim/cloud.ts';
import { serveCloud } from '../../src/sim/http/server.ts';
import { Results } from './harness.ts';
import { launchInstance } from './launch-instance.ts';
import { operatorChecks } from './operator-checks.ts';

const results = new Results();
const version = spawnSync('openstack', ['--version'], { encoding: 'utf8' });
if (version.error || version.status !== 0) {
  results.check('the real client is installed', ['`openstack` is missing: apt-get update && apt-get install -y python3-openstackclient']);
  process.exit(results.summary() ? 1 : 0);
}
console.log(`# ${(version.stdout || version.stderr).trim()}`);

const requestLog: string[] = [];
const served = await serveCloud(createCloud(), { randomPorts: true, speed: Number(process.env.STACKBOOK_SPEED ?? 4), log: (l) => requestLog.push(l) });
const dir = mkdtempSync(join(tmpdir(), 'stackbook-clients-'));
writeFileSync(join(dir, 'admin-openrc'), served.openrc('admin'));
const env: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) env[k] = v;
for (const m of served.openrc('admin').matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
console.log(`# cloud served at ${served.authUrl}; openrc in ${join(dir, 'admin-openrc')}`);

try {
  await operatorChecks(env, results);
  await launchInstance({ env, dir, novncUrl: served.url('novncproxy'), results });
} finally {
  await served.close();
  if (process.env.STACKBOOK_CLIENT_LOG) writeFileSync(process.env.STACKBOOK_CLIENT_LOG, requestLog.join('\n') + '\n');
  rmSync(dir, { recursive: true, force: true });
}
process.exit(results.summary() ? 1 : 0);
