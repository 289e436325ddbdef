/** The engine: runs services' handlers, routes REST, carries RPC, runs the clock. The one place that writes the trace. */
import { dequeue, enqueue, isoTime, type ClockState, type SimEvent } from './clock.ts';
import { Db, type Tables } from './db.ts';
import { ApiError, errorBody, reason, type ErrorStyle } from './errors.ts';
import { idGenerator, type IdState, type Ids } from './ids.ts';
import { compileRoutes, matchRoute, type CompiledRoute } from './router.ts';
import { record, type TraceRecord, type TraceState } from './trace.ts';
import type {
  AuthContext, CloudConfig, ComponentState, Ctx, Handler, HandlerRequest, NodeState, ServiceDef, ServiceName,
  SimRequest, SimResponse,
} from './types.ts';

/** The whole cloud as plain data: what a snapshot holds. */
export interface EngineState {
  config: CloudConfig;
  clock: ClockState;
  ids: IdState;
  trace: TraceState;
  tables: Tables;
  nodes: Record<string, NodeState>;
  components: Record<string, ComponentState>;
  /** Casts waiting for a consumer that is down (RabbitMQ keeps them queued). */
  parked: SimEvent[];
  /** Each service's own token, from its service user (nova, neutron, ...). */
  serviceTokens: Partial<Record<ServiceName, string>>;
  /** keystonemiddleware's token cache, per API component. */
  tokenCache: Record<string, Record<string, { auth: AuthContext; until: number }>>;
}

/** An RPC that could not be answered: nobody consumes the topic (oslo.messaging MessagingTimeout). */
export class RpcError extends Error {}

/** How long a cast takes to reach its consumer, in virtual ms. */
const CAST_LATENCY = 5;
/** keystonemiddleware's token_cache_time default (300 s). */
const TOKEN_CACHE_MS = 300_000;

interface Frame {
  component: string;
  requestId: string | undefined;
}

/** Runs a cloud held in `state`. Rebuild it with the same defs to restore a snapshot. */
export class Engine {
  state: EngineState;
  defs: Map<ServiceName, ServiceDef>;
  db: Db;
  ids: Ids;
  private routes = new Map<ServiceName, CompiledRoute<Handler>[]>();
  private byHostPort = new Map<string, ServiceDef>();
  private stack: Frame[] = [];

  constructor(state: EngineState, defs: ServiceDef[]) {
    this.state = state;
    this.defs = new Map(defs.map((d) => [d.name, d]));
    this.ids = idGenerator(state.ids);
    this.db = new Db(state.tables, (w) => {
      const [schema] = w.table.split('.');
      const fields = w.fields ? ' ' + summarizeFields(w.fields) : '';
      this.trace('db', `${w.op} ${w.table} ${w.key}${w.op === 'DELETE' ? '' : fields}`, { to: `db:${schema}`, payload: w });
    });
    for (const d of defs) {
      this.routes.set(d.name, compileRoutes(d.routes));
      this.byHostPort.set(new URL(d.catalogUrl).host, d);
    }
  }

  /** Forgets the undo log once no request or event is running any more (nothing can roll back past here). */
  private settle(): void {
    if (this.stack.length === 0) this.db.undo.length = 0;
  }

  // ---------- time ----------

  /** Virtual ms now. */
  now(): number {
    return this.state.clock.now;
  }

  /** Runs the next event; returns false when nothing is queued. */
  step(): boolean {
    const ev = this.state.clock.queue.shift();
    if (!ev) return false;
    if (ev.at > this.state.clock.now) this.state.clock.now = ev.at;
    this.runEvent(ev);
    return true;
  }

  /** Runs every event due within `ms` and moves the clock forward by `ms`. */
  advance(ms: number): number {
    const until = this.state.clock.now + ms;
    let n = 0;
    while (this.state.clock.queue.length && this.state.clock.queue[0].at <= until) {
      this.step();
      n += 1;
    }
    this.state.clock.now = until;
    return n;
  }

  /** Runs events until none is left (or `maxEvents` ran); returns how many ran. */
  runUntilIdle(maxEvents = 100_000): number {
    let n = 0;
    while (n < maxEvents && this.step()) n += 1;
    return n;
  }

  // ---------- trace ----------

  /** Records one hop, from the running component unless `from` is given. */
  trace(kind: Parameters<Ctx['act']>[0] | 'db' | 'http' | 'rpc.cast' | 'rpc.call' | 'reply',
    summary: string, o: { from?: string; to?: string; status?: number; payload?: unknown; requestId?: string } = {}): TraceRecord {
    const top = this.stack[this.stack.length - 1];
    return record(this.state.trace, {
      at: this.state.clock.now,
      from: o.from ?? top?.component ?? 'client',
      to: o.to ?? top?.component ?? 'client',
      kind,
      summary,
      status: o.status,
      requestId: o.requestId ?? top?.requestId,
      payload: o.payload,
    });
  }

  // ---------- REST ----------

  /** Handles an HTTP request from outside the cloud (a client) or, with `from`, from a component. */
  fetch(req: SimRequest, from = 'client'): SimResponse {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return plainError(400, `Invalid URL: ${req.url}`);
    }
    const def = this.byHostPort.get(url.host);
    const headers = lowerKeys(req.headers ?? {});
    const method = req.method.toUpperCase();
    const inherited = this.stack[this.stack.length - 1]?.requestId;
    // oslo.middleware: a caller may pass its global request id; each service makes its own local id.
    const localId = this.ids.requestId();
    const globalId = inherited ?? headers['x-openstack-request-id'] ?? localId;
    const summary = `${method} ${url.pathname}${url.search}`;
    if (!def) {
      this.trace('http', summary, { from, to: url.host, status: 0, requestId: globalId });
      return plainError(502, `Unable to establish connection to ${req.url}`);
    }
    const comp = this.state.components[def.apiComponent];
    if (!comp?.up) {
      this.trace('http', summary, { from, to: def.apiComponent, status: 503, requestId: globalId });
      return this.errorResponse(def.errorStyle, new ApiError(503, 'The server is currently unavailable. Please try again at a later time.'), localId);
    }
    const sent = this.trace('http', summary, { from, to: def.apiComponent, requestId: globalId, payload: { request: req.body } });
    this.stack.push({ component: def.apiComponent, requestId: globalId });
    const sp = this.db.savepoint();
    let res: SimResponse;
    let hreq: HandlerRequest | undefined;
    // keystonemiddleware sits in front of the service: its 401 carries its own {"error": ...} body, not the service's.
    let style = def.errorStyle;
    try {
      const m = matchRoute(this.routes.get(def.name)!, method, url.pathname);
      if (!m.route) {
        throw m.allowed.length
          ? new ApiError(405, `The method ${method} is not allowed for this resource.`)
          : new ApiError(404, 'The resource could not be found.');
      }
      hreq = {
        method,
        path: url.pathname,
        params: m.params,
        query: url.searchParams,
        headers,
        body: req.body,
        auth: undefined as unknown as AuthContext,
        requestId: localId,
      };
      if (!(def.publicRoutes ?? []).includes(m.route.key)) {
        style = 'keystone';
        hreq.auth = this.authenticate(def, headers['x-auth-token']);
        style = def.errorStyle;
      }
      const out = m.route.handler(this.ctx(def, def.apiComponent), hreq);
      res = { status: out.status, headers: lowerKeys(out.headers ?? {}), body: out.body };
      if (out.body !== undefined && !res.headers['content-type']) res.headers['content-type'] = 'application/json';
    } catch (e) {
      this.db.rollback(sp, (seq) => dequeue(this.state.clock, seq));
      res = this.errorResponse(style, toApiError(e, summary), localId);
    }
    this.stack.pop();
    this.settle();
    res.headers['x-openstack-request-id'] = localId;
    Object.assign(res.headers, def.responseHeaders?.(localId, hreq) ?? {});
    if (method === 'HEAD') res.body = undefined;
    // The request record learns its status; a reply record carries the response back to the caller.
    sent.status = res.status;
    this.trace('reply', `${res.status} ${reason(res.status)}`, {
      from: def.apiComponent,
      to: from,
      status: res.status,
      requestId: globalId,
      payload: { response: res.body },
    });
    return res;
  }

  private errorResponse(style: ErrorStyle, err: ApiError, requestId: string): SimResponse {
    return {
      status: err.status,
      headers: { 'content-type': 'application/json', ...lowerKeys(err.headers) },
      body: errorBody(style, err, requestId),
    };
  }

  /** keystonemiddleware: a missing or invalid token is 401; a valid one gives the caller's context. */
  private authenticate(def: ServiceDef, token: string | undefined): AuthContext {
    const unauthorized = () =>
      new ApiError(401, 'The request you have made requires authentication.', {
        headers: { 'WWW-Authenticate': `Keystone uri="${this.defs.get('keystone')?.catalogUrl.replace(/\/v3\/?$/, '') ?? ''}"` },
      });
    if (!token) throw unauthorized();
    const ctx = this.ctx(def, def.apiComponent);
    if (def.validateLocally) {
      const auth = def.validateLocally(ctx, token);
      if (!auth) throw unauthorized();
      return auth;
    }
    const cache = (this.state.tokenCache[def.apiComponent] ??= {});
    const hit = cache[token];
    if (hit && hit.until > this.now() && Date.parse(hit.auth.expires_at) > this.wallMs()) return hit.auth;
    const r = ctx.http('keystone', 'GET', '/v3/auth/tokens', undefined, { 'X-Subject-Token': token });
    if (r.status !== 200) throw unauthorized();
    const t = (r.body as any).token;
    const auth: AuthContext = {
      token,
      user_id: t.user.id,
      user_name: t.user.name,
      user_domain_id: t.user.domain.id,
      project_id: t.project?.id ?? '',
      project_name: t.project?.name ?? '',
      project_domain_id: t.project?.domain?.id ?? '',
      roles: (t.roles ?? []).map((x: { name: string }) => x.name),
      is_admin: (t.roles ?? []).some((x: { name: string }) => x.name === 'admin'),
      expires_at: t.expires_at,
    };
    cache[token] = { auth, until: this.now() + TOKEN_CACHE_MS };
    return auth;
  }

  private wallMs(): number {
    return Date.parse(isoTime(this.now()));
  }

  /** Logs the service user of `def` in (password `<NAME>_PASS` on project `service`); true on success. */
  loginService(def: ServiceDef, from: string): boolean {
    const ks = this.defs.get('keystone');
    if (!ks) return false;
    const res = this.fetch(
      {
        method: 'POST',
        url: `${ks.catalogUrl.replace(/\/$/, '')}/auth/tokens`,
        headers: { 'Content-Type': 'application/json' },
        body: {
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: def.name, domain: { name: 'Default' }, password: `${def.name.toUpperCase()}_PASS` } },
            },
            scope: { project: { name: 'service', domain: { name: 'Default' } } },
          },
        },
      },
      from,
    );
    const token = res.headers['x-subject-token'];
    if (!token) return false;
    this.state.serviceTokens[def.name] = token;
    return true;
  }

  // ---------- RPC ----------

  /** The component consuming `topic` (`compute.compute1` → nova-compute@compute1), up or not. */
  private consumers(topic: string): { def: ServiceDef; comps: ComponentState[]; kind: string } | undefined {
    const dot = topic.indexOf('.');
    const kind = dot < 0 ? topic : topic.slice(0, dot);
    const server = dot < 0 ? undefined : topic.slice(dot + 1);
    for (const def of this.defs.values()) {
      const binaries = Object.entries(def.topics ?? {}).filter(([, k]) => k === kind).map(([b]) => b);
      if (!binaries.length) continue;
      const comps = Object.values(this.state.components).filter(
        (c) => c.service === def.name && binaries.includes(c.binary) && (server === undefined || c.host === server),
      );
      return { def, comps, kind };
    }
    return undefined;
  }

  private castTo(topic: string, method: string, args: unknown, fanout: boolean): void {
    const c = this.consumers(topic);
    if (!c) throw new Error(`no service consumes RPC topic ${topic}: add it to a ServiceDef.topics`);
    const top = this.stack[this.stack.length - 1];
    const targets = fanout ? c.comps : c.comps.slice(0, 1);
    const to = targets.length === 1 ? targets[0].name : fanout ? `${c.kind}_fanout` : topic;
    this.trace('rpc.cast', `${fanout ? 'fanout ' : ''}${topic}: ${method}`, { to, payload: args });
    for (const comp of targets.length ? targets : [undefined]) {
      const ev = enqueue(this.state.clock, {
        at: this.now() + CAST_LATENCY,
        service: c.def.name,
        component: comp?.name ?? topic,
        name: `rpc:${c.kind}.${method}`,
        args,
        requestId: top?.requestId,
      });
      this.db.undo.push({ eventSeq: ev.seq });
    }
  }

  private callOn(topic: string, method: string, args: unknown): unknown {
    const c = this.consumers(topic);
    const comp = c?.comps.find((x) => x.up);
    this.trace('rpc.call', `${topic}: ${method}`, { to: comp?.name ?? topic, payload: args });
    if (!c || !comp) {
      this.trace('reply', `${method}: MessagingTimeout (no ${topic} consumer answered)`, { to: comp?.name ?? topic, status: 504 });
      throw new RpcError(`Timed out waiting for a reply to message ID on topic ${topic}`);
    }
    const handler = c.def.rpc?.[`${c.kind}.${method}`];
    if (!handler) throw new Error(`${c.def.name} has no RPC method ${c.kind}.${method}`);
    this.stack.push({ component: comp.name, requestId: this.stack[this.stack.length - 1]?.requestId });
    try {
      const out = handler(this.ctx(c.def, comp.name), args);
      this.stack.pop();
      this.trace('reply', `${method} reply`, { from: comp.name, to: this.stack[this.stack.length - 1]?.component, payload: out });
      return out;
    } catch (e) {
      this.stack.pop();
      this.trace('reply', `${method}: ${(e as Error).message}`, { from: comp.name, to: this.stack[this.stack.length - 1]?.component, status: 500 });
      throw e;
    }
  }

  // ---------- events and components ----------

  private runEvent(ev: SimEvent): void {
    const def = this.defs.get(ev.service as ServiceName);
    const comp = this.state.components[ev.component];
    if (!def) throw new Error(`event for unknown service ${ev.service}`);
    if (ev.name.startsWith('rpc:') && (!comp || !comp.up)) {
      // RabbitMQ keeps the message until a consumer comes back.
      this.state.parked.push(ev);
      return;
    }
    if (!ev.name.startsWith('rpc:') && comp && !comp.up) return; // a stopped process runs no timers
    const handler = ev.name.startsWith('rpc:') ? def.rpc?.[ev.name.slice(4)] : def.tasks?.[ev.name];
    if (!handler) throw new Error(`${def.name} has no handler for ${ev.name}`);
    this.stack.push({ component: ev.component, requestId: ev.requestId });
    const sp = this.db.savepoint();
    try {
      handler(this.ctx(def, ev.component), ev.args);
    } catch (e) {
      // A crash in a worker leaves no half-written rows: undo them and say so in the trace.
      this.db.rollback(sp, (seq) => dequeue(this.state.clock, seq));
      this.trace('event', `${ev.name} failed: ${(e as Error).message}`, { status: 500 });
    }
    this.stack.pop();
    this.settle();
  }

  /** Starts or stops a component; starting runs its service's onStart hook and redelivers parked casts. */
  setComponentUp(name: string, up: boolean): void {
    const comp = this.state.components[name];
    if (!comp) throw new Error(`no component ${name}`);
    if (comp.up === up) return;
    comp.up = up;
    comp.since = this.now();
    this.trace('event', `${name} ${up ? 'started' : 'stopped'}`, { from: name, to: name });
    if (!up) return;
    const parked = this.state.parked.filter((e) => e.component === name);
    this.state.parked = this.state.parked.filter((e) => e.component !== name);
    for (const e of parked) enqueue(this.state.clock, { ...e, at: this.now() + CAST_LATENCY });
    this.runHook(comp);
  }

  /** Runs the onStart hook of a component (used at build and on restart). */
  runHook(comp: ComponentState): void {
    const def = this.defs.get(comp.service)!;
    const hook = def.onStart?.[comp.binary];
    if (!hook) return;
    this.stack.push({ component: comp.name, requestId: undefined });
    const sp = this.db.savepoint();
    try {
      hook(this.ctx(def, comp.name), {});
    } catch (e) {
      this.db.rollback(sp, (seq) => dequeue(this.state.clock, seq));
      this.trace('event', `${comp.name} failed to start: ${(e as Error).message}`, { status: 500 });
    }
    this.stack.pop();
    this.settle();
  }

  /** Runs `fn` as `component` (used by the cloud to bootstrap services). */
  runAs(service: ServiceName, component: string, fn: (ctx: Ctx) => void): void {
    const def = this.defs.get(service)!;
    this.stack.push({ component, requestId: undefined });
    try {
      fn(this.ctx(def, component));
    } finally {
      this.stack.pop();
      this.settle();
    }
  }

  // ---------- the context handed to services ----------

  /** The Ctx for code of `def` running as `component`. */
  ctx(def: ServiceDef, component: string): Ctx {
    const engine = this;
    const comp = this.state.components[component];
    return {
      service: def.name,
      component,
      host: comp?.host ?? 'controller',
      db: this.db,
      ids: this.ids,
      config: this.state.config,
      get requestId() {
        return engine.stack[engine.stack.length - 1]?.requestId;
      },
      now: () => this.now(),
      iso: () => isoTime(this.now()),
      http: (target, method, path, body, headers) => {
        const t = this.defs.get(target);
        if (!t) throw new Error(`unknown service ${target}`);
        const base = new URL(t.catalogUrl).origin;
        const h: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', ...headers };
        const own = !h['X-Auth-Token'];
        if (own && this.state.serviceTokens[def.name]) h['X-Auth-Token'] = this.state.serviceTokens[def.name]!;
        const res = this.fetch({ method, url: base + path, headers: h, body }, component);
        // keystoneauth: an expired service token is renewed once and the request sent again.
        if (res.status !== 401 || !own || def.name === 'keystone' || !this.loginService(def, component)) return res;
        h['X-Auth-Token'] = this.state.serviceTokens[def.name]!;
        return this.fetch({ method, url: base + path, headers: h, body }, component);
      },
      cast: (topic, method, args) => this.castTo(topic, method, args, false),
      fanout: (kind, method, args) => this.castTo(kind, method, args, true),
      call: (topic, method, args) => this.callOn(topic, method, args),
      after: (ms, name, args) => {
        const ev = enqueue(this.state.clock, {
          at: this.now() + ms,
          service: def.name,
          component,
          name,
          args,
          requestId: this.stack[this.stack.length - 1]?.requestId,
        });
        this.db.undo.push({ eventSeq: ev.seq });
      },
      cancel: (name, match) => {
        const q = this.state.clock.queue;
        const keep = q.filter((e) => !(e.component === component && e.name === name && (!match || match(e.args))));
        const n = q.length - keep.length;
        q.splice(0, q.length, ...keep);
        return n;
      },
      act: (kind, summary, payload, to) => this.trace(kind, summary, { to: to ?? component, payload }),
      components: () => Object.values(this.state.components).map((c) => ({ ...c })),
      nodes: () => Object.values(this.state.nodes).map((n) => ({ ...n })),
    };
  }
}

function toApiError(e: unknown, where: string): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof RpcError) return new ApiError(504, e.message);
  // A bug in the simulator: answer as the service would (500) and keep the cloud running.
  return new ApiError(500, `Unexpected error in ${where}: ${(e as Error)?.message ?? String(e)}`);
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function plainError(status: number, message: string): SimResponse {
  return { status, headers: { 'content-type': 'text/plain' }, body: message };
}

function summarizeFields(fields: Record<string, unknown>): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 4)
    .map(([k, v]) => `${k}=${v}`);
  return parts.join(' ');
}
