/** Seeded id generator: the same seed always gives the same UUIDs, MACs and request ids. */
export interface IdState {
  seed: number;
  counter: number;
}

/** One 32-bit draw from a splitmix-style hash of (seed, counter); pure and restorable. */
function draw(state: IdState): number {
  state.counter += 1;
  let z = (state.seed ^ Math.imul(state.counter, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

function hex(state: IdState, chars: number): string {
  let out = '';
  while (out.length < chars) out += draw(state).toString(16).padStart(8, '0');
  return out.slice(0, chars);
}

/** Returns a generator bound to `state`, which it advances in place (state stays plain data). */
export function idGenerator(state: IdState) {
  return {
    /** A version-4 UUID, as every OpenStack service uses for ids. */
    uuid(): string {
      const h = hex(state, 32);
      const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    /** A request id as oslo.middleware makes it: `req-<uuid>`. */
    requestId(): string {
      return `req-${this.uuid()}`;
    },
    /** A MAC address with Neutron's default base_mac prefix fa:16:3e. */
    mac(): string {
      const h = hex(state, 6);
      return `fa:16:3e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
    },
    /** `n` lowercase hex characters. */
    hex(n: number): string {
      return hex(state, n);
    },
    /** A whole number in [0, n). */
    int(n: number): number {
      return draw(state) % n;
    },
  };
}

export type Ids = ReturnType<typeof idGenerator>;
