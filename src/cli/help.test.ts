// `openstack help <command>` for every command of this module, compared with what the real python-openstackclient
// 6.0.0 printed (test/real-help.json was captured from the real client; usage lines, wrapping and help texts).
import { describe, expect, it } from 'vitest';
import { runOpenstack } from './openstack.ts';
import { readFileSync } from 'node:fs';

const REAL: Record<string, string> = JSON.parse(readFileSync(new URL('./test/real-help.json', import.meta.url), 'utf8'));

const offline = async () => { throw new Error('help needs no network'); };

describe('help texts match the real client', () => {
  it.each(Object.keys(REAL))('%s', async (command) => {
    const r = await runOpenstack(['help', ...command.split(' ')], {}, { fetch: offline });
    expect(r.stdout).toBe(REAL[command]);
  });
});
