/** Makes a valid OpenSSH public key line (ssh-ed25519) without ssh-keygen. */
import { generateKeyPairSync } from 'node:crypto';

/** `ssh-ed25519 AAAA... comment\n`, as in an `id_ed25519.pub` file. */
export function sshPublicKey(comment = 'stackbook@client-test'): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const str = (b: Buffer) => Buffer.concat([u32(b.length), b]);
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}\n`;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
