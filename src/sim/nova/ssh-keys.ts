/** SSH key material for keypairs: fingerprints of imported keys and deterministic "generated" RSA pairs. */
import type { Ids } from '../core/ids.ts';
import { md5, sha1 } from './hash.ts';

function fromBase64(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const bin = atob(s);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function colons(hex: string): string {
  return hex.match(/../g)!.join(':');
}

function sshString(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

/** The fingerprint Nova stores for a key: MD5 of the key blob for ssh, SHA-1 of the DER for x509; undefined if unreadable. */
export function fingerprint(publicKey: string, type: 'ssh' | 'x509'): string | undefined {
  if (type === 'x509') {
    const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(publicKey);
    const der = m && fromBase64(m[1].replace(/\s+/g, ''));
    return der ? colons(sha1(der)) : undefined;
  }
  const parts = publicKey.trim().split(/\s+/);
  if (parts.length < 2) return undefined;
  const blob = fromBase64(parts[1]);
  if (!blob || blob.length < 8) return undefined;
  const len = new DataView(blob.buffer).getUint32(0);
  const algo = new TextDecoder().decode(blob.slice(4, 4 + len));
  if (algo !== parts[0]) return undefined;
  return colons(md5(blob));
}

function pem(label: string, der: Uint8Array): string {
  const b64 = toBase64(der);
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

/** A 2048-bit RSA pair as Nova generates it (`Generated-by-Nova`), drawn from the seeded ids: public key, PEM private key. */
export function generateRsaPair(ids: Ids): { publicKey: string; privateKey: string } {
  const modulus = hexBytes('00' + (parseInt(ids.hex(1), 16) | 0x8).toString(16) + ids.hex(511));
  const exponent = hexBytes('010001');
  const blob = concat([sshString(new TextEncoder().encode('ssh-rsa')), sshString(exponent), sshString(modulus)]);
  const publicKey = `ssh-rsa ${toBase64(blob)} Generated-by-Nova`;
  // A PKCS#1 RSAPrivateKey header around the same modulus, then the private numbers.
  const header = hexBytes('308204a40201000282010100');
  const body = concat([header, modulus.slice(1), hexBytes('0203010001'), hexBytes('02820100' + ids.hex(512)), hexBytes(ids.hex(658))]);
  return { publicKey, privateKey: pem('RSA PRIVATE KEY', body) };
}

/** A self-signed certificate stand-in for `type: x509` keypairs made by Nova. */
export function generateX509(ids: Ids): { publicKey: string; privateKey: string } {
  const cert = hexBytes('308202' + ids.hex(1200));
  const key = hexBytes('308204a40201000282010100' + ids.hex(1200));
  return { publicKey: pem('CERTIFICATE', cert), privateKey: pem('RSA PRIVATE KEY', key) };
}
