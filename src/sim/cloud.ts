/** The one place that knows every service: builds a cloud and offers the facade callers use. */
import { newClockState } from './core/clock.ts';
import { Engine, type EngineState } from './core/engine.ts';
import type { Row } from './core/db.ts';
import { newTraceState, since, type TraceRecord } from './core/trace.ts';
import type { CloudConfig, ComponentState, NodeState, ServiceDef, SimRequest, SimResponse } from './core/types.ts';
import { keystone } from './keystone/index.ts';
import { glance } from './glance/index.ts';
import { placement } from './placement/index.ts';
import { nova } from './nova/index.ts';
import { neutron } from './neutron/index.ts';
import { cinder } from './cinder/index.ts';
import { computeComponents, computeNode, controllerComponents, controllerNode, DEFAULT_COMPUTE } from './topology.ts';

/** Every service, in the order the install guide sets them up. */
export const SERVICES: ServiceDef[] = [keystone, glance, placement, nova, neutron, cinder];

/** How to build a cloud. */
export interface CloudOptions {
  seed?: number;
  mechanism?: CloudConfig['mechanism'];
  /** Compute node names; default `['compute1']`. */
  computes?: string[];
  /** Hypervisor size of the compute nodes built at start. */
  computeSize?: Partial<typeof DEFAULT_COMPUTE>;
  /** How many trace records to keep. */
  traceLimit?: number;
}

/** The snapshot format this code writes and reads. */
export const SNAPSHOT_FORMAT = 'stackbook-cloud';
export const SNAPSHOT_VERSION = 1;

/** A snapshot that cannot be restored (wrong format, older version, damaged). */
export class SnapshotError extends Error {}

/** The install guide's passwords (ADMIN_PASS, DEMO_PASS, NOVA_PASS, ...). */
export const PASSWORDS = { admin: 'ADMIN_PASS', myuser: 'DEMO_PASS' } as const;

/** A simulated OpenStack cloud. All methods are synchronous; the worker wraps them. */
export class Cloud {
  engine: Engine;

  constructor(engine: Engine) {
    this.engine = engine;
  }

  /** Sends one REST request from outside the cloud and returns the response. */
  request(req: SimRequest): SimResponse {
    return this.engine.fetch(req, 'client');
  }

  /** A fetch-like function for the command line: takes a URL and init, resolves to a response-like object. */
  get fetch(): SimFetch {
    return async (url, init = {}) => {
      let body: unknown = init.body;
      if (typeof body === 'string' && body.length) {
        try {
          body = JSON.parse(body);
        } catch {
          // Leave non-JSON bodies (image data) as text.
        }
      }
      const res = this.request({ method: init.method ?? 'GET', url, headers: init.headers ?? {}, body });
      return toFetchResponse(res);
    };
  }

  /** Virtual ms since the cloud's epoch. */
  now(): number {
    return this.engine.now();
  }

  /** Runs the next scheduled event; false when nothing is left. */
  step(): boolean {
    return this.engine.step();
  }

  /** Moves time forward by `ms`, running what falls due. */
  advance(ms: number): number {
    return this.engine.advance(ms);
  }

  /** Runs until nothing is scheduled. */
  runUntilIdle(maxEvents?: number): number {
    return this.engine.runUntilIdle(maxEvents);
  }

  /** How many events are waiting. */
  pending(): number {
    return this.engine.state.clock.queue.length;
  }

  /** The sequence number of the newest trace record: pass it to `trace()` later to get what came after. */
  mark(): number {
    return this.engine.state.trace.seq;
  }

  /** Trace records after `mark` (all kept records by default). */
  trace(mark = 0): TraceRecord[] {
    return since(this.engine.state.trace, mark);
  }

  /** A copy of every table (`nova.instances`, `neutron.ports`, ...). */
  tables(): Record<string, Record<string, Row>> {
    return structuredClone(this.engine.state.tables);
  }

  /** The nodes of the deployment. */
  nodes(): NodeState[] {
    return Object.values(this.engine.state.nodes).map((n) => ({ ...n }));
  }

  /** Every process with its liveness. */
  components(): ComponentState[] {
    return Object.values(this.engine.state.components).map((c) => ({ ...c }));
  }

  /** The deployment options. */
  config(): CloudConfig {
    return { ...this.engine.state.config };
  }

  /** Stops a process (`nova-compute@compute1`, `neutron-dhcp-agent`, `glance-api`). */
  stop(component: string): void {
    this.requireComponent(component);
    this.engine.setComponentUp(component, false);
  }

  /** Starts a stopped process; it re-registers and takes its queued messages. */
  start(component: string): void {
    this.requireComponent(component);
    this.engine.setComponentUp(component, true);
  }

  /** Powers a node off (every process on it stops) or on. */
  setNodeUp(node: string, up: boolean): void {
    const n = this.engine.state.nodes[node];
    if (!n) throw new Error(`No node named ${node}. Nodes: ${Object.keys(this.engine.state.nodes).join(', ')}.`);
    n.up = up;
    for (const c of Object.values(this.engine.state.components)) if (c.host === node) this.engine.setComponentUp(c.name, up);
  }

  /** Adds a compute node running nova-compute and the L2 agent; it registers itself with Placement. */
  addComputeNode(name: string, size: Partial<typeof DEFAULT_COMPUTE> = {}): NodeState {
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) throw new Error(`Invalid host name ${JSON.stringify(name)}: use lowercase letters, digits and dashes.`);
    const st = this.engine.state;
    if (st.nodes[name]) throw new Error(`A node named ${name} already exists.`);
    const n = Object.values(st.nodes).filter((x) => x.role === 'compute').length + 1;
    const node = computeNode(name, n, size);
    st.nodes[name] = node;
    for (const c of computeComponents(st.config, name)) {
      c.since = this.engine.now();
      st.components[c.name] = c;
      this.engine.runHook(c);
    }
    return { ...node };
  }

  /** Removes a compute node that hosts no instance; its processes stop and its services are deleted. */
  removeComputeNode(name: string): void {
    const st = this.engine.state;
    const node = st.nodes[name];
    if (!node || node.role !== 'compute') throw new Error(`No compute node named ${name}.`);
    const busy = Object.values(st.tables['nova.instances'] ?? {}).some((i: any) => i.host === name && !i.deleted);
    if (busy) throw new Error(`Compute node ${name} still hosts instances: delete or move them first.`);
    for (const c of Object.values(st.components)) {
      if (c.host !== name) continue;
      this.engine.setComponentUp(c.name, false);
      delete st.components[c.name];
    }
    delete st.nodes[name];
  }

  /** The whole state as a JSON string. */
  snapshot(): string {
    return JSON.stringify({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, state: this.engine.state });
  }

  private requireComponent(name: string): void {
    if (!this.engine.state.components[name]) {
      throw new Error(`No process named ${name}. Processes: ${Object.keys(this.engine.state.components).join(', ')}.`);
    }
  }
}

/** The fetch-like function the command line is given. */
export type SimFetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: unknown },
) => Promise<FetchLikeResponse>;

/** The part of the Fetch API's Response that the command line uses. */
export interface FetchLikeResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null; entries(): IterableIterator<[string, string]> };
  json(): Promise<any>;
  text(): Promise<string>;
}

function toFetchResponse(res: SimResponse): FetchLikeResponse {
  const headers = new Map(Object.entries(res.headers));
  const text = res.body === undefined ? '' : typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  return {
    status: res.status,
    ok: res.status >= 200 && res.status < 300,
    headers: { get: (n) => headers.get(n.toLowerCase()) ?? null, entries: () => headers.entries() },
    json: async () => JSON.parse(text),
    text: async () => text,
  };
}

/** Builds a new cloud as the install guide leaves it: services registered, CirrOS uploaded, no network yet. */
export function createCloud(opts: CloudOptions = {}): Cloud {
  const config: CloudConfig = {
    seed: opts.seed ?? 42,
    mechanism: opts.mechanism ?? 'openvswitch',
    region: 'RegionOne',
    catalog: SERVICES.map((d) => ({ type: d.catalogType, name: d.name, url: d.catalogUrl })),
  };
  const state: EngineState = {
    config,
    clock: newClockState(),
    ids: { seed: config.seed, counter: 0 },
    trace: newTraceState(opts.traceLimit),
    tables: {},
    nodes: { controller: controllerNode() },
    components: {},
    parked: [],
    serviceTokens: {},
    tokenCache: {},
  };
  for (const c of controllerComponents(config)) state.components[c.name] = c;
  const engine = new Engine(state, SERVICES);
  for (const def of SERVICES) if (def.bootstrap) engine.runAs(def.name, def.apiComponent, def.bootstrap);
  for (const def of SERVICES) {
    if (def.name !== 'keystone' && !engine.loginService(def, def.apiComponent)) {
      throw new Error(`service user ${def.name} could not log in: check keystone bootstrap`);
    }
  }
  const cloud = new Cloud(engine);
  for (const c of Object.values(state.components)) engine.runHook(c);
  const computes = opts.computes ?? ['compute1'];
  for (const name of computes) cloud.addComputeNode(name, opts.computeSize);
  engine.runUntilIdle();
  // The reader's trace starts after the install guide's setup.
  state.trace.records = [];
  return cloud;
}

/** Rebuilds a cloud from `snapshot()` output; refuses anything it cannot restore exactly. */
export function restoreCloud(json: string): Cloud {
  let data: any;
  try {
    data = JSON.parse(json);
  } catch {
    throw new SnapshotError('The saved cloud is not valid JSON; it cannot be restored.');
  }
  if (!data || data.format !== SNAPSHOT_FORMAT) throw new SnapshotError('This is not a Stackbook cloud snapshot.');
  if (data.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(`The saved cloud has format version ${data.version}; this version of Stackbook reads version ${SNAPSHOT_VERSION} only. Start a new cloud.`);
  }
  const s = data.state;
  const missing = ['config', 'clock', 'ids', 'trace', 'tables', 'nodes', 'components', 'parked', 'serviceTokens', 'tokenCache']
    .filter((k) => !s || typeof s[k] !== 'object' || s[k] === null);
  if (missing.length) throw new SnapshotError(`The saved cloud is damaged (missing ${missing.join(', ')}); it cannot be restored.`);
  if (!Array.isArray(s.clock.queue) || typeof s.clock.now !== 'number' || !Array.isArray(s.trace.records)) {
    throw new SnapshotError('The saved cloud is damaged (bad clock or trace); it cannot be restored.');
  }
  return new Cloud(new Engine(s as EngineState, SERVICES));
}
