import { describe, expect, it } from 'vitest';
import type { SimRequest, SimResponse } from '../core/types.ts';
import { checkToken, consoleToken, novncPage } from './novnc.ts';

describe('consoleToken', () => {
  it('reads the token from both URL forms', () => {
    expect(consoleToken(new URLSearchParams('path=%3Ftoken%3Dabc-1'))).toBe('abc-1');
    expect(consoleToken(new URLSearchParams('token=xyz'))).toBe('xyz');
    expect(consoleToken(new URLSearchParams(''))).toBeUndefined();
  });
});

describe('checkToken', () => {
  const fake = (status: number) => (req: SimRequest): SimResponse => {
    if (req.url.includes('/os-console-auth-tokens/')) {
      return { status, headers: {}, body: status === 200 ? { console: { instance_uuid: 'i-1', host: 'compute1', port: 5900 } } : {} };
    }
    return { status: 200, headers: {}, body: { server: { name: 'provider-instance' } } };
  };

  it('asks Nova as the admin and names the instance when the token is valid', () => {
    const seen: SimRequest[] = [];
    const check = checkToken((r) => (seen.push(r), fake(200)(r)), () => 'tok', 't-1');
    expect(check).toEqual({ valid: true, instanceId: 'i-1', instanceName: 'provider-instance' });
    expect(seen[0].headers?.['X-Auth-Token']).toBe('tok');
    const html = novncPage(check).html;
    expect(html).toContain('provider-instance (i-1)');
    expect(html).toContain('token is valid');
  });

  it('says the token is invalid on a 404', () => {
    const check = checkToken(fake(404), () => 'tok', 'nope');
    expect(check.valid).toBe(false);
    expect(novncPage(check).html).toContain('invalid or has expired');
  });

  it('escapes what it prints', () => {
    const html = novncPage({ valid: true, instanceId: '<b>', instanceName: '"x"' }).html;
    expect(html).not.toContain('<b>');
    expect(html).toContain('&#34;x&#34;');
  });
});
