/** Keypairs: generated (with the private key) or imported, fingerprints, per-user lists, the 2.1/2.2 differences. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { must } from './test-helpers.ts';

// A well-formed ed25519 public key (the blob carries its own algorithm name).
const BLOB = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)]);
const PUBLIC_KEY = `ssh-ed25519 ${BLOB.toString('base64')} me@laptop\n`;

function setup() {
  const cloud = createCloud();
  return { cloud, admin: login(cloud, 'admin'), demo: login(cloud, 'demo') };
}

describe('keypairs', () => {
  it('generates an RSA pair when no public key is given and returns the private key once', () => {
    const { cloud, demo } = setup();
    const res = api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'mykey' } }, { 'OpenStack-API-Version': 'compute 2.10' });
    expect(res.status).toBe(201);
    const kp = (res.body as any).keypair;
    expect(kp.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA/);
    expect(kp.public_key).toMatch(/^ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ[A-Za-z0-9+/=]+ Generated-by-Nova$/);
    const blob = Buffer.from(kp.public_key.split(' ')[1], 'base64');
    expect(kp.fingerprint).toBe(createHash('md5').update(blob).digest('hex').match(/../g)!.join(':'));
    expect(kp).toMatchObject({ name: 'mykey', type: 'ssh', user_id: demo.userId });
    const shown = must(api(cloud, demo.token, 'GET', 'nova:/v2.1/os-keypairs/mykey', undefined, { 'OpenStack-API-Version': 'compute 2.10' }), 200).keypair;
    expect(shown.private_key).toBeUndefined();
    expect(shown.public_key).toBe(kp.public_key);
  });

  it('imports a public key with its MD5 fingerprint; 200 and no type at 2.1', () => {
    const { cloud, demo } = setup();
    const res = api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'mykey', public_key: PUBLIC_KEY } });
    expect(res.status).toBe(200);
    expect((res.body as any).keypair).toEqual({
      name: 'mykey', public_key: PUBLIC_KEY, user_id: demo.userId,
      fingerprint: createHash('md5').update(BLOB).digest('hex').match(/../g)!.join(':'),
    });
    expect(must(api(cloud, demo.token, 'GET', 'nova:/v2.1/os-keypairs', undefined, { 'OpenStack-API-Version': 'compute 2.10' }), 200)).toEqual({
      keypairs: [{ keypair: { name: 'mykey', public_key: PUBLIC_KEY, fingerprint: (res.body as any).keypair.fingerprint, type: 'ssh' } }],
    });
  });

  it('refuses bad key data, unsafe names and duplicates, and keeps each user to their own keys', () => {
    const { cloud, admin, demo } = setup();
    const bad = api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'k', public_key: 'ssh-rsa not-base64!' } });
    expect(bad.body).toEqual({ badRequest: { code: 400, message: 'Keypair data is invalid: failed to generate fingerprint' } });
    const unsafe = api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'my/key', public_key: PUBLIC_KEY } });
    expect(unsafe.body).toEqual({ badRequest: { code: 400, message: 'Keypair data is invalid: Keypair name contains unsafe characters' } });
    must(api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'mykey', public_key: PUBLIC_KEY } }), 200);
    expect(api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'mykey', public_key: PUBLIC_KEY } }).body).toEqual({
      conflictingRequest: { code: 409, message: "Key pair 'mykey' already exists." },
    });
    expect(must(api(cloud, admin.token, 'GET', 'nova:/v2.1/os-keypairs'), 200).keypairs).toEqual([]);
    expect(api(cloud, admin.token, 'GET', 'nova:/v2.1/os-keypairs/mykey').body).toEqual({ itemNotFound: { code: 404, message: `Keypair mykey not found for user ${admin.userId}` } });
    const other = must(api(cloud, admin.token, 'GET', `nova:/v2.1/os-keypairs?user_id=${demo.userId}`, undefined, { 'OpenStack-API-Version': 'compute 2.10' }), 200);
    expect(other.keypairs.map((k: any) => k.keypair.name)).toEqual(['mykey']);
    expect(api(cloud, demo.token, 'GET', `nova:/v2.1/os-keypairs?user_id=${admin.userId}`, undefined, { 'OpenStack-API-Version': 'compute 2.10' }).status).toBe(403);
  });

  it('deletes with 202 at 2.1 and 204 from 2.2; from 2.92 a public key is required', () => {
    const { cloud, demo } = setup();
    must(api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'a', public_key: PUBLIC_KEY } }), 200);
    must(api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'b', public_key: PUBLIC_KEY } }), 200);
    expect(api(cloud, demo.token, 'DELETE', 'nova:/v2.1/os-keypairs/a').status).toBe(202);
    expect(api(cloud, demo.token, 'DELETE', 'nova:/v2.1/os-keypairs/b', undefined, { 'OpenStack-API-Version': 'compute 2.2' }).status).toBe(204);
    const noKey = api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'c' } }, { 'OpenStack-API-Version': 'compute 2.92' });
    expect(noKey.status).toBe(400);
    expect((noKey.body as any).badRequest.message).toMatch(/'public_key' is a required property$/);
  });
});
