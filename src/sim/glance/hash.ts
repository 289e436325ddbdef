/** The digests Glance records for image data: MD5 (`checksum`) and SHA-512 (`os_hash_value`), in pure TypeScript. */

/** The bytes of image data as the HTTP layer hands it over: a latin1 string (one char per byte) or UTF-8 text. */
export function toBytes(data: string): Uint8Array {
  let narrow = true;
  for (let i = 0; i < data.length; i += 1) {
    if (data.charCodeAt(i) > 0xff) {
      narrow = false;
      break;
    }
  }
  if (!narrow) return new TextEncoder().encode(data);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 1) out[i] = data.charCodeAt(i);
  return out;
}

function hex(words: number[], littleEndian: boolean): string {
  let s = '';
  for (const w of words) {
    for (let b = 0; b < 4; b += 1) {
      const shift = littleEndian ? 8 * b : 24 - 8 * b;
      s += ((w >>> shift) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return s;
}

/** Pads a message the way MD5 and the SHA family do: 0x80, zeros, then the bit length. */
function pad(bytes: Uint8Array, block: number, lengthBytes: number, littleEndian: boolean): Uint8Array {
  const total = Math.ceil((bytes.length + 1 + lengthBytes) / block) * block;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[bytes.length] = 0x80;
  let bits = BigInt(bytes.length) * 8n;
  for (let i = 0; i < 8; i += 1) {
    const pos = littleEndian ? total - lengthBytes + i : total - 1 - i;
    out[pos] = Number(bits & 0xffn);
    bits >>= 8n;
  }
  return out;
}

const MD5_SHIFT = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
// RFC 1321: K[i] = floor(abs(sin(i + 1)) * 2^32), written out because Math.sin may differ between engines.
const MD5_K = [
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

/** The MD5 digest of `bytes` as 32 lowercase hex characters. */
export function md5(bytes: Uint8Array): string {
  const m = pad(bytes, 64, 8, true);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const x = new Array<number>(16);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i += 1) {
      const j = off + 4 * i;
      x[i] = (m[j] | (m[j + 1] << 8) | (m[j + 2] << 16) | (m[j + 3] << 24)) >>> 0;
    }
    let [a, b, c, d] = h;
    for (let i = 0; i < 64; i += 1) {
      let f: number;
      let g: number;
      if (i < 16) [f, g] = [(b & c) | (~b & d), i];
      else if (i < 32) [f, g] = [(d & b) | (~d & c), (5 * i + 1) % 16];
      else if (i < 48) [f, g] = [b ^ c ^ d, (3 * i + 5) % 16];
      else [f, g] = [c ^ (b | ~d), (7 * i) % 16];
      const sum = (a + f + MD5_K[i] + x[g]) >>> 0;
      const s = MD5_SHIFT[(i >> 4) * 4 + (i % 4)];
      [a, d, c] = [d, c, b];
      b = (b + ((sum << s) | (sum >>> (32 - s)))) >>> 0;
    }
    h[0] = (h[0] + a) >>> 0;
    h[1] = (h[1] + b) >>> 0;
    h[2] = (h[2] + c) >>> 0;
    h[3] = (h[3] + d) >>> 0;
  }
  return hex(h, true);
}

const MASK64 = (1n << 64n) - 1n;

function primes(n: number): number[] {
  const out: number[] = [];
  for (let k = 2; out.length < n; k += 1) if (out.every((p) => k % p !== 0)) out.push(k);
  return out;
}

/** floor(n^(1/root)) for a BigInt, by Newton's method. */
function iroot(n: bigint, root: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / Number(root)) + 1);
  for (;;) {
    const y = ((root - 1n) * x + n / x ** (root - 1n)) / root;
    if (y >= x) return x;
    x = y;
  }
}

// FIPS 180-4: the first 64 bits of the fractional parts of the square roots of the first 8 primes
// (initial hash) and of the cube roots of the first 80 primes (round constants), computed exactly.
const SHA512_H = primes(8).map((p) => iroot(BigInt(p) << 128n, 2n) & MASK64);
const SHA512_K = primes(80).map((p) => iroot(BigInt(p) << 192n, 3n) & MASK64);

const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & MASK64;

/** The SHA-512 digest of `bytes` as 128 lowercase hex characters. */
export function sha512(bytes: Uint8Array): string {
  const m = pad(bytes, 128, 16, false);
  const h = [...SHA512_H];
  const w = new Array<bigint>(80);
  for (let off = 0; off < m.length; off += 128) {
    for (let i = 0; i < 16; i += 1) {
      let v = 0n;
      for (let b = 0; b < 8; b += 1) v = (v << 8n) | BigInt(m[off + 8 * i + b]);
      w[i] = v;
    }
    for (let i = 16; i < 80; i += 1) {
      const s0 = rotr(w[i - 15], 1n) ^ rotr(w[i - 15], 8n) ^ (w[i - 15] >> 7n);
      const s1 = rotr(w[i - 2], 19n) ^ rotr(w[i - 2], 61n) ^ (w[i - 2] >> 6n);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) & MASK64;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 80; i += 1) {
      const t1 = (hh + (rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n)) + ((e & f) ^ (~e & MASK64 & g)) + SHA512_K[i] + w[i]) & MASK64;
      const t2 = ((rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & MASK64;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) & MASK64, c, b, a, (t1 + t2) & MASK64];
    }
    const out = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i += 1) h[i] = (h[i] + out[i]) & MASK64;
  }
  return h.map((v) => v.toString(16).padStart(16, '0')).join('');
}
