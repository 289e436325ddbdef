/** Development aid: runs each command line with the real `openstack` and with Stackbook's, against one served cloud, and shows where they differ. */
import { readFileSync } from 'node:fs';
import { createCloud } from '../../src/sim/cloud.ts';
import { serveCloud } from '../../src/sim/http/server.ts';
import { runOpenstack } from '../../src/cli/openstack.ts';
import { openstack } from './harness.ts';

/** The parts of a run that legitimately differ between two runs: request ids and tokens. */
export function normalize(text: string): string {
  return text.replace(/req-[0-9a-f-]{36}/g, 'req-X').replace(/gAAAAA[\w-]+/g, 'TOKEN');
}

/** Splits a command line into words (double or single quotes group). */
export function words(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((a) => a.replace(/^["']|["']$/g, ''));
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/clients/compare.ts COMMANDS_FILE  (lines: "real: ..." runs only the real client, "both: ..." or plain lines compare)');
  process.exit(2);
}
const served = await serveCloud(createCloud(), { randomPorts: true, speed: 10 });
const env: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) env[k] = v;
for (const m of served.openrc(process.env.AS === 'demo' ? 'demo' : 'admin').matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
const simEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('OS_')));
let same = 0;
let differ = 0;
for (const raw of readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
  const [mode, line] = raw.startsWith('real: ') ? ['real', raw.slice(6)] : raw.startsWith('sim: ') ? ['sim', raw.slice(5)] : ['both', raw.replace(/^both: /, '')];
  if (line.startsWith('sleep ')) {
    await new Promise((r) => setTimeout(r, Number(line.slice(6)) * 1000));
    continue;
  }
  const argv = words(line);
  const real = mode === 'sim' ? undefined : await openstack(argv, env);
  const sim = mode === 'real' ? undefined : await runOpenstack(argv, simEnv, { fetch: globalThis.fetch as any, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  if (!real || !sim) {
    console.log(`-- ${mode} only: ${line} [exit ${real ? real.code : sim?.exitCode}]`);
    continue;
  }
  const a = normalize(`${real.stdout}\n--stderr--\n${real.stderr.split('\n').filter((l) => !/Warning|warn\(|^\s*$/.test(l)).join('\n')}\n--exit ${real.code}`);
  const b = normalize(`${sim.stdout}\n--stderr--\n${sim.stderr.split('\n').filter((l) => !/^\s*$/.test(l)).join('\n')}\n--exit ${sim.exitCode}`);
  if (a === b) {
    same += 1;
    console.log(`== ${line}`);
  } else {
    differ += 1;
    console.log(`!! ${line}`);
    const al = a.split('\n');
    const bl = b.split('\n');
    for (let i = 0; i < Math.max(al.length, bl.length); i++) {
      if (al[i] !== bl[i]) console.log(`   real: ${al[i] ?? '<none>'}\n   sim:  ${bl[i] ?? '<none>'}`);
    }
  }
}
console.log(`${same} the same, ${differ} different`);
await served.close();
