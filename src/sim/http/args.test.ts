import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.ts';

describe('parseArgs', () => {
  it('defaults to the install guide ports on 127.0.0.1 at real speed', () => {
    const a = parseArgs([]);
    expect([a.host, a.portOffset, a.speed, a.randomPorts, a.epochClock]).toEqual(['127.0.0.1', 0, 1, false, false]);
  });

  it('takes options in both --opt value and --opt=value form, and the environment', () => {
    const a = parseArgs(['--port-offset=100', '--speed', '10', '--openrc', 'rc', '--computes', 'compute1,compute2'], { STACKBOOK_SPEED: '3' });
    expect([a.portOffset, a.speed, a.openrcFile, a.computes]).toEqual([100, 10, 'rc', ['compute1', 'compute2']]);
    expect(parseArgs([], { STACKBOOK_PORT_OFFSET: '7' }).portOffset).toBe(7);
  });

  it('explains what is wrong with bad options', () => {
    expect(() => parseArgs(['--speed', 'fast'])).toThrow('--speed must be a number, not "fast"');
    expect(() => parseArgs(['--port'])).toThrow('unknown option --port');
    expect(() => parseArgs(['--openrc'])).toThrow('--openrc needs a value');
    expect(() => parseArgs(['--mechanism', 'ovn'])).toThrow(/openvswitch or linuxbridge/);
  });
});
