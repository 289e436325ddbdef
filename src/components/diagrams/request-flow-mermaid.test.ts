import { describe, expect, it } from 'vitest';
import { requestFlowLines, requestFlowMermaid, type FlowStep } from './request-flow-mermaid.ts';

const trace: FlowStep[] = [
  { from: 'openstack', to: 'nova-api', kind: 'http', summary: 'POST /v2.1/servers' },
  { from: 'nova-api', to: 'nova-api', kind: 'db', summary: 'BuildRequest' },
  { from: 'nova-api', to: 'nova-conductor', kind: 'rpc.cast', summary: 'schedule_and_build_instances' },
  { from: 'nova-conductor', to: 'nova-conductor', kind: 'rpc.deliver', summary: 'taken off the queue' },
  { from: 'nova-api', to: 'openstack', kind: 'reply', summary: '202 Accepted' },
  { from: 'nova-conductor', to: 'nova-scheduler', kind: 'rpc.call', summary: 'select_destinations' },
  { from: 'nova-scheduler', to: 'placement-api', kind: 'http', summary: 'PUT /allocations/{uuid}', status: 204 },
  { from: 'nova-conductor', to: 'nova-compute@compute1', kind: 'rpc.cast', summary: 'build_and_run_instance' },
];
const participants = [
  { name: 'openstack', label: 'CLI' },
  { name: 'nova-api', label: 'nova-api' },
  { name: 'nova-conductor', label: 'nova-conductor' },
  { name: 'nova-scheduler', label: 'nova-scheduler' },
  { name: 'keystone', label: 'Keystone' },
];

describe('requestFlowMermaid', () => {
  it('draws REST and RPC calls solid, casts with an open head, replies dashed, DB writes as notes', () => {
    expect(requestFlowMermaid(trace, { participants })).toMatchInlineSnapshot(`
      "sequenceDiagram
        participant p0 as CLI
        participant p1 as nova-api
        participant p2 as nova-conductor
        participant p3 as nova-scheduler
        participant p4 as placement-api
        participant p5 as nova-compute
        p0->>p1: 1. POST /v2.1/servers
        Note over p1: BuildRequest
        p1-)p2: 2. cast schedule_and_build_instances
        p1-->>p0: 3. 202 Accepted
        p2->>p3: 4. call select_destinations
        p3->>p4: 5. PUT /allocations/#123;uuid#125; → 204
        p2-)p5: 6. cast build_and_run_instance
      "
    `);
  });

  it('can leave the numbers out', () => {
    expect(requestFlowMermaid(trace.slice(0, 1), { participants, numbered: false })).toContain('p0->>p1: POST /v2.1/servers');
  });
});

describe('requestFlowLines', () => {
  it('drops unused columns, adds unknown ones in order of appearance and strips @host', () => {
    const { participants: cols, lines } = requestFlowLines(trace, { participants });
    expect(cols.map((p) => p.label)).toEqual(['CLI', 'nova-api', 'nova-conductor', 'nova-scheduler', 'placement-api', 'nova-compute']);
    expect(lines.filter((l) => !l.note).map((l) => `${l.number} ${l.transport}`)).toEqual([
      '1 REST',
      '2 RPC cast',
      '3 reply',
      '4 RPC call',
      '5 REST',
      '6 RPC cast',
    ]);
  });
});
