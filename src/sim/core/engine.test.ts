import { describe, expect, it } from 'vitest';
import { newClockState } from './clock.ts';
import { Engine, type EngineState } from './engine.ts';
import { apiError } from './errors.ts';
import { idGenerator } from './ids.ts';
import { newTraceState } from './trace.ts';
import type { ServiceDef } from './types.ts';

// A two-process toy service: an API that writes a row and casts to a worker, which writes another after 1 s.
const toy: ServiceDef = {
  name: 'nova',
  catalogType: 'compute',
  catalogUrl: 'http://controller:8774/v2.1',
  apiComponent: 'nova-api',
  errorStyle: 'nova',
  publicRoutes: ['POST /v2.1/things', 'GET /v2.1/things/{id}'],
  topics: { 'nova-compute': 'compute' },
  routes: {
    'POST /v2.1/things': (ctx, req) => {
      const id = ctx.ids.uuid();
      ctx.db.insert('nova.things', id, { id, state: 'new' });
      ctx.cast('compute.compute1', 'build', { id });
      if (req.body?.fail) throw apiError(400, 'Invalid thing.');
      return { status: 202, body: { thing: { id } } };
    },
    'GET /v2.1/things/{id}': (ctx, req) => {
      const row = ctx.db.get('nova.things', req.params.id);
      if (!row) throw apiError(404, `Thing ${req.params.id} could not be found.`);
      return { status: 200, body: { thing: row } };
    },
  },
  rpc: {
    'compute.build': (ctx, args) => {
      ctx.after(1000, 'finish', args);
    },
  },
  tasks: {
    finish: (ctx, args) => {
      ctx.db.update('nova.things', args.id, { state: 'done' });
      ctx.act('hypervisor', `start ${args.id}`);
    },
  },
};

function engine(seed = 1): Engine {
  const state: EngineState = {
    config: { seed, mechanism: 'openvswitch', region: 'RegionOne', catalog: [] },
    clock: newClockState(),
    ids: { seed, counter: 0 },
    trace: newTraceState(),
    tables: {},
    nodes: {},
    components: {
      'nova-api': { name: 'nova-api', binary: 'nova-api', service: 'nova', host: 'controller', up: true, since: 0 },
      'nova-compute@compute1': { name: 'nova-compute@compute1', binary: 'nova-compute', service: 'nova', host: 'compute1', up: true, since: 0 },
    },
    parked: [],
    serviceTokens: {},
    tokenCache: {},
  };
  return new Engine(state, [toy]);
}

const create = (e: Engine, body: unknown = {}) => e.fetch({ method: 'POST', url: 'http://controller:8774/v2.1/things', body });

describe('engine', () => {
  it('runs a cast after its latency and a task when the clock reaches it', () => {
    const e = engine();
    const id = (create(e).body as any).thing.id;
    expect(e.state.tables['nova.things'][id].state).toBe('new');
    e.advance(500);
    expect(e.state.tables['nova.things'][id].state).toBe('new');
    e.advance(600);
    expect(e.state.tables['nova.things'][id].state).toBe('done');
    const kinds = e.state.trace.records.map((r) => `${r.kind} ${r.from}->${r.to}`);
    expect(kinds).toEqual([
      'http client->nova-api',
      'db nova-api->db:nova',
      'rpc.cast nova-api->nova-compute@compute1',
      'reply nova-api->client',
      'db nova-compute@compute1->db:nova',
      'hypervisor nova-compute@compute1->nova-compute@compute1',
    ]);
    // Everything the request caused is grouped under its request id.
    expect(new Set(e.state.trace.records.map((r) => r.requestId)).size).toBe(1);
  });

  it('rolls back the rows and the casts of a request that fails', () => {
    const e = engine();
    const res = create(e, { fail: true });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ badRequest: { code: 400, message: 'Invalid thing.' } });
    expect(e.state.tables['nova.things']).toEqual({});
    expect(e.state.clock.queue).toEqual([]);
  });

  it('answers unknown routes 404 and wrong methods 405 in the service envelope', () => {
    const e = engine();
    expect(e.fetch({ method: 'GET', url: 'http://controller:8774/v2.1/nothing' }).body).toEqual({
      itemNotFound: { code: 404, message: 'The resource could not be found.' },
    });
    expect(e.fetch({ method: 'DELETE', url: 'http://controller:8774/v2.1/things' }).status).toBe(405);
  });

  it('keeps casts for a stopped consumer and delivers them when it starts', () => {
    const e = engine();
    e.setComponentUp('nova-compute@compute1', false);
    const id = (create(e).body as any).thing.id;
    e.advance(10_000);
    expect(e.state.tables['nova.things'][id].state).toBe('new');
    expect(e.state.parked).toHaveLength(1);
    e.setComponentUp('nova-compute@compute1', true);
    e.runUntilIdle();
    expect(e.state.tables['nova.things'][id].state).toBe('done');
  });

  it('answers 503 while the API process is stopped', () => {
    const e = engine();
    e.setComponentUp('nova-api', false);
    const res = create(e);
    expect(res.status).toBe(503);
    expect(e.state.tables['nova.things']).toBeUndefined();
  });

  it('gives the same ids and trace for the same seed, different ones for another', () => {
    const run = (seed: number) => {
      const e = engine(seed);
      create(e);
      create(e);
      e.runUntilIdle();
      return JSON.stringify(e.state.trace.records);
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });
});

describe('ids', () => {
  it('makes version-4 UUIDs and fa:16:3e MACs', () => {
    const ids = idGenerator({ seed: 3, counter: 0 });
    expect(ids.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.mac()).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    const many = new Set(Array.from({ length: 1000 }, () => ids.uuid()));
    expect(many.size).toBe(1000);
  });
});
