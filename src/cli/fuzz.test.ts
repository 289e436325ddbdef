// Random and malformed command lines: every one gets output or an error message, nothing throws, and a command
// that fails leaves the cloud's tables as they were.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { completions } from './registry.ts';
import { harness, type Harness } from './test/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
  await h.sh('openstack flavor create --id 0 --vcpus 1 --ram 64 --disk 1 m1.nano');
});

const commands = completions();

// Neutron makes a project's default security group on its first API call, even a GET that then fails.
const LAZY = ['neutron.securitygroups', 'neutron.default_security_group', 'neutron.securitygrouprules'];

/** Table name → JSON of its rows, without Neutron's lazily created default groups. */
function state(): Record<string, string> {
  const t = h.cloud.tables();
  return Object.fromEntries(Object.keys(t).filter((k) => !LAZY.includes(k)).map((k) => [k, JSON.stringify(t[k])]));
}

/** The names of the tables that differ (short enough to read in a failure). */
function changed(before: Record<string, string>): string[] {
  const after = state();
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
}
const junk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', '-', '--', '-f', '-c', '--long', '=', 'cirros', 'm1.nano', 'nosuch', '0', '-1', '99999999999', 'a=b', 'net-id=x', 'auto', 'none', '"', "'", '$(', '`', '\\', ';', '&&', '||', '|', '#', '\n', 'é', '${X'),
);
/** A line built from a real command, some of its real options with plausible or silly values, and junk. */
const line = fc.record({
  cmd: fc.constantFrom(...commands),
  picks: fc.array(fc.nat(), { maxLength: 5 }),
  values: fc.array(junk, { maxLength: 5 }),
  quote: fc.boolean(),
}).map(({ cmd, picks, values, quote }) => {
  const words = ['openstack', ...cmd.command.split(' ')];
  picks.forEach((n, i) => {
    const o = cmd.options[n % Math.max(1, cmd.options.length)];
    if (o) words.push(o.flags[o.flags.length - 1]);
    if (o?.takesValue) words.push(o.choices ? o.choices[n % o.choices.length] : (values[i] ?? 'x'));
  });
  words.push(...values.slice(picks.length));
  return words.map((w) => (quote ? `'${w.replace(/'/g, '')}'` : w)).join(' ');
});

describe('fuzz', () => {
  it('random command lines never throw, always explain a failure and change nothing when they fail', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(line, fc.string({ maxLength: 40 })), async (input) => {
      // Deletes and attachments may partly succeed before failing, as in the real client.
      const partial = /delete|add|remove|wait|create/.test(input);
      const before = state();
      const r = await h.sh(input);
      expect(typeof r.exitCode).toBe('number');
      expect(typeof r.stdout).toBe('string');
      if (r.exitCode !== 0 && !(r.exitCode === 1 && input.trim().startsWith('false'))) {
        expect(r.stdout + r.stderr, input).not.toBe('');
      }
      expect(r.stderr, input).not.toMatch(/\n\s+at |TypeError|ReferenceError|undefined is not/);
      if (r.exitCode !== 0 && !partial) expect(changed(before), input).toEqual([]);
    }), { numRuns: 250, seed: Number(process.env.FUZZ_SEED ?? 20260105) });
  }, 120_000);

  it('usage errors (exit status 2) never reach past the login', async () => {
    await fc.assert(fc.asyncProperty(line, async (input) => {
      const before = state();
      const n = h.sent.length;
      const r = await h.sh(input);
      if (r.exitCode === 2 && r.stderr.includes(': error: ')) {
        expect(h.sent.slice(n).every((s) => /\/v3(\/auth\/tokens)?$/.test(s.url)), input).toBe(true);
        expect(changed(before), input).toEqual([]);
      }
    }), { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 7) });
  }, 120_000);
});
