/** The console log and noVNC console URLs, and the token check nova-novncproxy relies on. */
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api } from '../testing.ts';
import { nova, validateConsoleToken } from './index.ts';
import { action, bootServer, getServer, must, prepareLaunch } from './test-helpers.ts';

function activeServer() {
  const cloud = createCloud();
  const s = prepareLaunch(cloud);
  const id = (bootServer(cloud, s).body as any).server.id;
  cloud.runUntilIdle();
  return { cloud, s, id };
}

describe('console log', () => {
  it("prints CirrOS's boot with the server's DHCP lease and metadata lines; length keeps the last lines", () => {
    const { cloud, s, id } = activeServer();
    const ip = getServer(cloud, s.demo.token, id).addresses.provider[0].addr;
    const out = must(action(cloud, s.demo.token, id, { 'os-getConsoleOutput': {} }), 200).output as string;
    expect(out).toContain(`udhcpc: lease of ${ip} obtained`);
    expect(out).toContain('checking http://169.254.169.254/2009-04-04/instance-id');
    expect(out).toContain(`if-info: eth0,up,${ip},24,,`);
    expect(out).toContain('ip-route:default via 203.0.113.1 dev eth0');
    expect(out).toContain('provider-instance login:');
    const tail = must(action(cloud, s.demo.token, id, { 'os-getConsoleOutput': { length: 2 } }), 200).output as string;
    expect(tail.trimEnd().split('\n')).toHaveLength(2);
    expect(out.endsWith(tail)).toBe(true);
  });

  it('shows a second boot after a reboot', () => {
    const { cloud, s, id } = activeServer();
    action(cloud, s.demo.token, id, { reboot: { type: 'SOFT' } });
    cloud.runUntilIdle();
    const out = must(action(cloud, s.demo.token, id, { 'os-getConsoleOutput': {} }), 200).output as string;
    expect(out.match(/Linux version/g)).toHaveLength(2);
  });
});

describe('remote console', () => {
  it('gives a noVNC URL (2.6+) whose token the proxy accepts until it expires', () => {
    const { cloud, s, id } = activeServer();
    const res = api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/remote-consoles`, { remote_console: { protocol: 'vnc', type: 'novnc' } }, { 'OpenStack-API-Version': 'compute 2.8' });
    expect(res.status).toBe(200);
    const rc = (res.body as any).remote_console;
    expect(Object.keys(rc).sort()).toEqual(['protocol', 'type', 'url']);
    const m = /^http:\/\/controller:6080\/vnc_auto\.html\?path=%3Ftoken%3D([0-9a-f-]{36})$/.exec(rc.url);
    expect(m).not.toBeNull();
    const token = m![1];
    const proxy = cloud.engine.ctx(nova, 'nova-novncproxy');
    expect(validateConsoleToken(proxy, token)).toMatchObject({ ok: true, instance_uuid: id, host: '10.0.0.31' });
    expect(validateConsoleToken(proxy, 'f'.repeat(36))).toMatchObject({ ok: false });

    const v231 = { 'OpenStack-API-Version': 'compute 2.31' };
    expect(must(api(cloud, s.admin.token, 'GET', `nova:/v2.1/os-console-auth-tokens/${token}`, undefined, v231), 200).console).toMatchObject({ instance_uuid: id, host: '10.0.0.31' });
    expect(api(cloud, s.demo.token, 'GET', `nova:/v2.1/os-console-auth-tokens/${token}`, undefined, v231).status).toBe(403);
    cloud.advance(601_000);
    expect(validateConsoleToken(proxy, token)).toMatchObject({ ok: false });
    expect(api(cloud, s.admin.token, 'GET', `nova:/v2.1/os-console-auth-tokens/${token}`, undefined, v231).body).toEqual({ itemNotFound: { code: 404, message: 'Token not found' } });
  });

  it('is 404 before 2.6, where the os-getVNCConsole action gives `console.url` instead', () => {
    const { cloud, s, id } = activeServer();
    expect(api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/remote-consoles`, { remote_console: { protocol: 'vnc', type: 'novnc' } }).status).toBe(404);
    const legacy = must(action(cloud, s.demo.token, id, { 'os-getVNCConsole': { type: 'novnc' } }), 200);
    expect(legacy.console.type).toBe('novnc');
    expect(legacy.console.url).toMatch(/^http:\/\/controller:6080\/vnc_auto\.html\?path=%3Ftoken%3D/);
    const spice = api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/remote-consoles`, { remote_console: { protocol: 'spice', type: 'spice-html5' } }, { 'OpenStack-API-Version': 'compute 2.8' });
    expect(spice.body).toEqual({ badRequest: { code: 400, message: 'Unavailable console type spice-html5.' } });
  });

  it('refuses a console for a server that is not on a host yet', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    const res = api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/remote-consoles`, { remote_console: { protocol: 'vnc', type: 'novnc' } }, { 'OpenStack-API-Version': 'compute 2.8' });
    expect(res.body).toEqual({ conflictingRequest: { code: 409, message: `Instance ${id} is not ready` } });
  });
});
