/** Translates URLs between the cloud's own names (http://controller:8774) and where the HTTP server listens. */

/** The install guide's port of each endpoint the server listens on. */
export const SERVICE_PORTS = {
  keystone: 5000,
  glance: 9292,
  placement: 8778,
  nova: 8774,
  neutron: 9696,
  cinder: 8776,
  novncproxy: 6080,
} as const;

/** A listener name: a REST service or the noVNC proxy. */
export type Listener = keyof typeof SERVICE_PORTS;

/** Rewrites `http://controller:PORT` to `http://HOST:ACTUAL` (outbound) and back (inbound). */
export interface HostRewriter {
  toPublic(text: string): string;
  toInternal(text: string): string;
}

/** A rewriter for `actual`: canonical port → the port the server really listens on, at `host`. */
export function hostRewriter(host: string, actual: Map<number, number>): HostRewriter {
  const back = new Map([...actual].map(([canonical, real]) => [real, canonical]));
  const out = /(https?):\/\/controller:(\d+)/g;
  const inb = new RegExp(`(https?)://(?:${escape(host)}|localhost|127\\.0\\.0\\.1):(\\d+)`, 'g');
  return {
    toPublic: (text) =>
      text.replace(out, (all, scheme: string, port: string) => {
        const p = actual.get(Number(port));
        return p === undefined ? all : `${scheme}://${urlHost(host)}:${p}`;
      }),
    toInternal: (text) =>
      text.replace(inb, (all, scheme: string, port: string) => {
        const p = back.get(Number(port));
        return p === undefined ? all : `${scheme}://controller:${p}`;
      }),
  };
}

/** `host` as it goes in a URL (IPv6 literals in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function escape(s: string): string {
  return urlHost(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
