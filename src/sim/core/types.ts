/** The shapes every service and the engine share. */
import type { Db, Row } from './db.ts';
import type { ErrorStyle } from './errors.ts';
import type { Ids } from './ids.ts';
import type { TraceKind } from './trace.ts';

/** An HTTP request as the router sees it. `body` is parsed JSON (or a string for other types). */
export interface SimRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An HTTP response. Header names are lower case. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Who is calling, as keystonemiddleware puts it in the request environment. */
export interface AuthContext {
  token: string;
  user_id: string;
  user_name: string;
  user_domain_id: string;
  project_id: string;
  project_name: string;
  project_domain_id: string;
  roles: string[];
  /** True when the token has the `admin` role (the policy `rule:admin_api`). */
  is_admin: boolean;
  expires_at: string;
}

/** What a REST handler receives. */
export interface HandlerRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: any;
  /** Set for every route that is not public. */
  auth: AuthContext;
  /** This request's id (`req-…`), sent back in x-openstack-request-id. */
  requestId: string;
}

/** What a handler returns; the router adds request-id and content-type headers. */
export interface HandlerResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a service's code may do: reach its tables, the clock, ids, other services and the bus. */
export interface Ctx {
  service: string;
  /** The running component, `nova-api` or `nova-compute@compute1`. */
  component: string;
  /** The node the component runs on. */
  host: string;
  db: Db;
  ids: Ids;
  /** Virtual milliseconds since the cloud's epoch. */
  now(): number;
  /** The current virtual time as ISO-8601 with microseconds. */
  iso(): string;
  /** The id of the request this work belongs to. */
  requestId: string | undefined;
  /** The cloud's options (deployment choices such as the Neutron mechanism driver). */
  config: CloudConfig;
  /** A REST request to `path` on another service's host:port (path includes the version, `/v2.0/ports`), with this service's token; never throws. */
  http(target: ServiceName, method: string, path: string, body?: unknown, headers?: Record<string, string>): SimResponse;
  /** A one-way message on `topic` (`conductor`, `compute.compute1`); delivered after a short delay. */
  cast(topic: string, method: string, args: unknown): void;
  /** A message to every consumer of `kind` (`fanout` exchange). */
  fanout(kind: string, method: string, args: unknown): void;
  /** A request on `topic` that waits for the reply; throws RpcError when nobody consumes it. */
  call(topic: string, method: string, args: unknown): unknown;
  /** Runs task `name` of this component after `ms` virtual milliseconds. */
  after(ms: number, name: string, args?: unknown): void;
  /** Drops this component's queued task `name` whose args `match` (a timer that is no longer needed); returns how many. */
  cancel(name: string, match?: (args: any) => boolean): number;
  /** Records an agent, hypervisor or other action in the trace. */
  act(kind: Extract<TraceKind, 'agent' | 'hypervisor' | 'event'>, summary: string, payload?: unknown, to?: string): void;
  /** Every component's liveness, for service and agent listings. */
  components(): ComponentView[];
  /** The nodes of the deployment. */
  nodes(): NodeState[];
}

/** A REST handler. */
export type Handler = (ctx: Ctx, req: HandlerRequest) => HandlerResponse;
/** An RPC endpoint method: receives the message's args, returns the reply (for calls). */
export type RpcHandler = (ctx: Ctx, args: any) => unknown;
/** A scheduled task. */
export type TaskHandler = (ctx: Ctx, args: any) => void;

/** The services of the cloud, by their short name. */
export type ServiceName = 'keystone' | 'glance' | 'placement' | 'nova' | 'neutron' | 'cinder';

/** Everything the engine needs to run a service. A service never imports another one. */
export interface ServiceDef {
  name: ServiceName;
  /** The catalog type (`compute`) and the URL the catalog lists (`http://controller:8774/v2.1`). */
  catalogType: string;
  catalogUrl: string;
  /** The component answering REST (`nova-api`). */
  apiComponent: string;
  errorStyle: ErrorStyle;
  routes: Record<string, Handler>;
  /** Route keys that need no token (version documents, `POST /v3/auth/tokens`). */
  publicRoutes?: string[];
  /** RPC methods keyed `<topic kind>.<method>`, e.g. `compute.build_and_run_instance`. */
  rpc?: Record<string, RpcHandler>;
  /** The topic kind each binary consumes: `{ 'nova-compute': 'compute' }`. */
  topics?: Record<string, string>;
  tasks?: Record<string, TaskHandler>;
  /** Runs when a component of this service starts (registers a compute node, reports an agent). */
  onStart?: Record<string, TaskHandler>;
  /** Fills the service's tables when the cloud is first built (the install guide's steps). */
  bootstrap?: (ctx: Ctx) => void;
  /** Extra response headers, e.g. Nova's x-compute-request-id. */
  responseHeaders?: (requestId: string, req: HandlerRequest | undefined) => Record<string, string>;
  /** Keystone only: validates a token locally instead of asking itself over REST. */
  validateLocally?: (ctx: Ctx, token: string) => AuthContext | undefined;
}

/** One running (or stopped) process of the deployment. */
export interface ComponentState {
  name: string;
  binary: string;
  service: ServiceName;
  host: string;
  up: boolean;
  /** Virtual time of the last change of `up`. */
  since: number;
}

/** A component as listings show it. */
export type ComponentView = ComponentState;

/** A machine of the deployment. */
export interface NodeState {
  name: string;
  role: 'controller' | 'compute';
  management_ip: string;
  provider_interface: string;
  /** Capacity of a compute node's hypervisor. */
  vcpus?: number;
  memory_mb?: number;
  disk_gb?: number;
  up: boolean;
}

/** Deployment choices. */
export interface CloudConfig {
  seed: number;
  /** ML2 mechanism driver: Open vSwitch (current install guide) or Linux bridge (the notes' era). */
  mechanism: 'openvswitch' | 'linuxbridge';
  region: string;
  /** What Keystone's catalog lists: one entry per service (filled by the cloud from the service definitions). */
  catalog: { type: string; name: ServiceName; url: string }[];
}

export type { Row };
