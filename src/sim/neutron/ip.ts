/** IPv4/IPv6 address and prefix arithmetic for IPAM and security-group checks (what netaddr does for Neutron). */

/** An address: its version and its value as an unsigned integer. */
export interface Ip {
  version: 4 | 6;
  value: bigint;
}

/** A prefix: the network address, its length and the first/last address it covers. */
export interface Cidr {
  version: 4 | 6;
  prefixlen: number;
  first: bigint;
  last: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    // netaddr refuses leading zeros and anything not a plain decimal octet.
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return undefined;
  let tail = s;
  let v4: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = s.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = tail.includes('::') ? tail.split('::') : [tail, undefined];
  const h = head ? head.split(':') : [];
  const r = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - h.length - r.length;
  if ((rest === undefined && missing !== 0) || (rest !== undefined && missing < 1)) return undefined;
  const groups = [...h, ...Array(rest === undefined ? 0 : missing).fill('0'), ...r];
  let out = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out = (out << 16n) | BigInt(parseInt(g, 16));
  }
  return v4 === undefined ? out : (out & ~0xffffffffn) | v4;
}

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(s: unknown): Ip | undefined {
  if (typeof s !== 'string') return undefined;
  const v4 = parseV4(s);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = s.includes(':') ? parseV6(s) : undefined;
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** The canonical text of an address (IPv6 compressed as netaddr prints it). */
export function formatIp(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i -= 1) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parses `a.b.c.d/n` (host bits allowed, as netaddr does); undefined when invalid. */
export function parseCidr(s: unknown): Cidr | undefined {
  if (typeof s !== 'string' || /\s/.test(s)) return undefined;
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const ip = parseIp(m[1]);
  const prefixlen = Number(m[2]);
  if (!ip || prefixlen > BITS[ip.version]) return undefined;
  const hostBits = BigInt(BITS[ip.version] - prefixlen);
  const first = (ip.value >> hostBits) << hostBits;
  return { version: ip.version, prefixlen, first, last: first + (1n << hostBits) - 1n };
}

/** The normalised text of a prefix: `203.0.113.0/24`. */
export function formatCidr(c: Cidr): string {
  return `${formatIp(c.version, c.first)}/${c.prefixlen}`;
}

/** True when `ip` lies inside `c`. */
export function contains(c: Cidr, ip: Ip): boolean {
  return ip.version === c.version && ip.value >= c.first && ip.value <= c.last;
}

/** The usable host range of a subnet: IPv4 drops the network and broadcast addresses (when /30 or larger). */
export function hostRange(c: Cidr): { first: bigint; last: bigint } {
  if (c.version === 4 && c.prefixlen <= 30) return { first: c.first + 1n, last: c.last - 1n };
  if (c.version === 4) return { first: c.first, last: c.last };
  return { first: c.first + 1n, last: c.last };
}
