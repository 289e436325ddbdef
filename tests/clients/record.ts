/** Development aid: serves a fresh cloud, runs `openstack` command lines from a file and prints each one's output and the requests it made. */
import { readFileSync } from 'node:fs';
import { createCloud } from '../../src/sim/cloud.ts';
import { serveCloud } from '../../src/sim/http/server.ts';
import { openstack } from './harness.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/clients/record.ts COMMANDS_FILE  (one openstack command line per line, without "openstack")');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const log: string[] = [];
const served = await serveCloud(createCloud(), { randomPorts: true, speed: 10, log: (l) => log.push(l) });
const env: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) env[k] = v;
for (const m of served.openrc(process.env.AS === 'demo' ? 'demo' : 'admin').matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
for (const line of lines) {
  if (line.startsWith('sleep ')) {
    await new Promise((r) => setTimeout(r, Number(line.slice(6)) * 1000));
    continue;
  }
  const args = (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((a) => a.replace(/^["']|["']$/g, ''));
  const start = log.length;
  const r = await openstack(args, env);
  console.log(`$ openstack ${line}   [exit ${r.code}]`);
  process.stdout.write(r.stdout);
  if (r.stderr.trim()) process.stdout.write('STDERR: ' + r.stderr);
  for (const l of log.slice(start)) if (!/keystone "(GET \/v3|POST \/v3\/auth\/tokens)"/.test(l)) console.log('   > ' + l.split(' ').slice(1, 5).join(' '));
  console.log();
}
await served.close();
