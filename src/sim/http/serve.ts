/** `npm run cloud`: builds a simulated cloud and serves it to real clients until SIGINT or SIGTERM. */
import { writeFileSync } from 'node:fs';
import { createCloud } from '../cloud.ts';
import { parseArgs, USAGE } from './args.ts';
import { serveCloud } from './server.ts';

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const cloud = createCloud({ seed: args.seed, computes: args.computes, mechanism: args.mechanism });
  const served = await serveCloud(cloud, {
    host: args.host,
    portOffset: args.portOffset,
    randomPorts: args.randomPorts,
    speed: args.speed,
    epochClock: args.epochClock,
    log: args.quiet ? undefined : (l) => process.stderr.write(l + '\n'),
  });
  const rc = served.openrc('admin');
  if (args.openrcFile) writeFileSync(args.openrcFile, rc);
  const list = Object.entries(served.ports).map(([name, port]) => `#   ${name.padEnd(11)} ${served.url(name as keyof typeof served.ports)}`).join('\n');
  process.stdout.write(
    `# Stackbook's simulated cloud is listening:\n${list}\n` +
      `# Source this as admin-openrc${args.openrcFile ? ` (also written to ${args.openrcFile})` : ''}:\n${rc}` +
      `# For demo-openrc use OS_PROJECT_NAME=myproject OS_USERNAME=myuser OS_PASSWORD=DEMO_PASS.\n` +
      `# Stop with Ctrl-C.\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping the cloud\n`);
    served.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
