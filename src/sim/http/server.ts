/** Serves a simulated cloud over real HTTP, one port per service as in the install guide, so real clients can use it. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PASSWORDS, type Cloud } from '../cloud.ts';
import type { SimRequest } from '../core/types.ts';
import { checkToken, consoleToken, NOVNC_PAGES, novncPage } from './novnc.ts';
import { openrc, type Who } from './openrc.ts';
import { jumpToWallClock, Pacer } from './pacer.ts';
import { hostRewriter, SERVICE_PORTS, urlHost, type HostRewriter, type Listener } from './rewrite.ts';

/** How to serve. */
export interface ServeOptions {
  /** The address to listen on and to put in URLs; default 127.0.0.1. */
  host?: string;
  /** Added to every install-guide port (5000 → 5000 + offset). */
  portOffset?: number;
  /** Let the system pick a free port for each service (for tests). */
  randomPorts?: boolean;
  /** Virtual ms per real ms (1 = real time). */
  speed?: number;
  /** How often the clock catches up between requests, in real ms. */
  tickMs?: number;
  /** Keep the cloud's fixed epoch (2026-01-05) instead of setting its clock to the real date. */
  epochClock?: boolean;
  /** Where the one-line-per-request log goes; default nowhere. */
  log?: (line: string) => void;
}

/** A cloud being served. */
export interface ServedCloud {
  cloud: Cloud;
  host: string;
  /** The port each listener really uses. */
  ports: Record<Listener, number>;
  /** `http://HOST:PORT` of a listener. */
  url(listener: Listener): string;
  /** OS_AUTH_URL for clients. */
  authUrl: string;
  /** The openrc text for admin or demo. */
  openrc(who?: Who): string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts one HTTP listener per service for `cloud`; resolves once all are listening. */
export async function serveCloud(cloud: Cloud, opts: ServeOptions = {}): Promise<ServedCloud> {
  const host = opts.host ?? '127.0.0.1';
  const offset = opts.portOffset ?? 0;
  const log = opts.log ?? (() => {});
  if (!opts.epochClock) jumpToWallClock(cloud, Date.now());
  const pacer = new Pacer(cloud, { speed: opts.speed });
  const actual = new Map<number, number>();
  const ports = {} as Record<Listener, number>;
  const servers: Server[] = [];
  let rewriter: HostRewriter = hostRewriter(host, actual);
  let timer: ReturnType<typeof setInterval> | undefined;

  const adminToken = () => {
    const res = cloud.request({
      method: 'POST',
      url: 'http://controller:5000/v3/auth/tokens',
      headers: { 'Content-Type': 'application/json' },
      body: {
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: PASSWORDS.admin } } },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      },
    });
    return res.headers['x-subject-token'];
  };

  const handle = (listener: Listener, req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const started = performance.now();
    const canonical = SERVICE_PORTS[listener];
    let status = 500;
    let out: Buffer = Buffer.alloc(0);
    let requestId = '-';
    try {
      pacer.catchUp();
      if (listener === 'novncproxy') {
        const proxy = cloud.components().find((c) => c.binary === 'nova-novncproxy');
        if (proxy && !proxy.up) {
          // The process is down: nothing answers on its port.
          log(line(req, listener, 0, 0, started, '-', 'nova-novncproxy is stopped: connection dropped'));
          req.socket.destroy();
          return;
        }
        const u = new URL(req.url ?? '/', 'http://controller');
        if (!NOVNC_PAGES.includes(u.pathname)) {
          status = 404;
          out = Buffer.from('404 Not Found\n');
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': out.length });
        } else {
          const token = consoleToken(u.searchParams);
          const page = novncPage(token ? checkToken((r) => cloud.request(r), adminToken, token) : undefined);
          status = page.status;
          out = Buffer.from(page.html);
          res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': out.length });
        }
      } else {
        const sim = toSimRequest(req, canonical, raw, rewriter);
        const r = cloud.request(sim);
        status = r.status;
        requestId = r.headers['x-openstack-request-id'] ?? '-';
        const type = r.headers['content-type'] ?? '';
        out = encodeBody(r.body, type, rewriter);
        const headers: Record<string, string | number> = {};
        for (const [k, v] of Object.entries(r.headers)) headers[k] = rewriter.toPublic(String(v));
        if (status === 204 || status === 304 || req.method === 'HEAD') out = Buffer.alloc(0);
        else headers['content-length'] = out.length;
        if (status === 204 || status === 304) delete headers['content-type'];
        res.writeHead(status, headers);
      }
    } catch (e) {
      status = 500;
      out = Buffer.from(JSON.stringify({ error: { code: 500, message: `Stackbook's HTTP server failed: ${(e as Error).message}` } }));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'content-length': out.length });
    }
    res.end(req.method === 'HEAD' ? undefined : out);
    log(line(req, listener, status, out.length, started, requestId));
  };

  const listen = (listener: Listener) =>
    new Promise<void>((resolve, reject) => {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => handle(listener, req, res, Buffer.concat(chunks)));
      });
      const port = opts.randomPorts ? 0 : SERVICE_PORTS[listener] + offset;
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(new Error(`Cannot listen for ${listener} on ${host}:${port}: ${e.code ?? e.message}. Is another cloud running? Try --port-offset.`)),
      );
      server.listen(port, host, () => {
        const p = (server.address() as AddressInfo).port;
        ports[listener] = p;
        actual.set(SERVICE_PORTS[listener], p);
        servers.push(server);
        resolve();
      });
    });

  const close = async () => {
    clearInterval(timer);
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  };

  try {
    for (const l of Object.keys(SERVICE_PORTS) as Listener[]) await listen(l);
  } catch (e) {
    await close();
    throw e;
  }
  rewriter = hostRewriter(host, actual);
  timer = setInterval(() => pacer.catchUp(), opts.tickMs ?? 250);
  timer.unref();
  const url = (l: Listener) => `http://${urlHost(host)}:${ports[l]}`;
  const authUrl = `${url('keystone')}/v3`;
  return { cloud, host, ports, url, authUrl, openrc: (who) => openrc(authUrl, who), close };
}

function toSimRequest(req: IncomingMessage, port: number, raw: Buffer, rw: HostRewriter): SimRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  headers.host = `controller:${port}`;
  let body: unknown;
  if (raw.length) {
    const type = headers['content-type'] ?? '';
    if (isText(type) || type === '') {
      const text = rw.toInternal(raw.toString('utf8'));
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } else {
      // Image data and other binary bodies: one character per byte, so lengths stay byte counts.
      body = raw.toString('latin1');
    }
  }
  return { method: req.method ?? 'GET', url: `http://controller:${port}${req.url ?? '/'}`, headers, body };
}

function encodeBody(body: unknown, type: string, rw: HostRewriter): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return isText(type) ? Buffer.from(rw.toPublic(body), 'utf8') : Buffer.from(body, 'latin1');
  if (body instanceof Uint8Array) return Buffer.from(body);
  return Buffer.from(rw.toPublic(JSON.stringify(body)), 'utf8');
}

function isText(type: string): boolean {
  return /json|^text\/|html|xml/.test(type);
}

function line(req: IncomingMessage, listener: Listener, status: number, bytes: number, started: number, requestId: string, note = ''): string {
  const ms = (performance.now() - started).toFixed(1);
  return `${new Date().toISOString()} ${listener} "${req.method} ${req.url}" ${status} ${bytes} ${ms}ms ${requestId}${note ? ' ' + note : ''}`;
}
