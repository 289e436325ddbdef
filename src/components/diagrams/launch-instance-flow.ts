/**
 * A hand-made trace of `openstack server create` in the install-guide cloud (modern Nova:
 * conductor-driven scheduling, Placement claims, cells v2), shortened to the hops a reader
 * needs. The simulator produces the full trace; this one feeds the static diagram.
 */
import { requestFlowMermaid, type FlowOpts, type FlowStep } from './request-flow-mermaid.ts';

/** Columns of the launch diagram, left to right. */
export const launchParticipants: FlowOpts['participants'] = [
  { name: 'openstack', label: 'CLI' },
  { name: 'keystone', label: 'Keystone' },
  { name: 'nova-api', label: 'nova-api' },
  { name: 'glance-api', label: 'Glance' },
  { name: 'neutron-server', label: 'Neutron' },
  { name: 'nova-conductor', label: 'nova-conductor' },
  { name: 'nova-scheduler', label: 'nova-scheduler' },
  { name: 'placement-api', label: 'Placement' },
  { name: 'nova-compute', label: 'nova-compute' },
  { name: 'neutron-l2-agent', label: 'L2 agent' },
  { name: 'hypervisor', label: 'hypervisor' },
];

/** The hops of a server launch, in order. Statuses are given where the reader should notice them. */
export const launchInstanceTrace: FlowStep[] = [
  { from: 'openstack', to: 'keystone', kind: 'http', summary: 'POST /v3/auth/tokens', status: 201 },
  { from: 'openstack', to: 'glance-api', kind: 'http', summary: 'GET /v2/images?name=cirros' },
  { from: 'openstack', to: 'nova-api', kind: 'http', summary: 'GET /v2.1/flavors' },
  { from: 'openstack', to: 'neutron-server', kind: 'http', summary: 'GET /v2.0/networks/{id}' },
  { from: 'openstack', to: 'nova-api', kind: 'http', summary: 'POST /v2.1/servers' },
  { from: 'nova-api', to: 'keystone', kind: 'http', summary: 'GET /v3/auth/tokens (validate)' },
  { from: 'nova-api', to: 'glance-api', kind: 'http', summary: 'GET /v2/images/{id}' },
  { from: 'nova-api', to: 'neutron-server', kind: 'http', summary: 'GET /v2.0/networks?id=…' },
  { from: 'nova-api', to: 'nova-api', kind: 'db', summary: 'API DB: BuildRequest, RequestSpec, InstanceMapping' },
  { from: 'nova-api', to: 'nova-conductor', kind: 'rpc.cast', summary: 'schedule_and_build_instances' },
  { from: 'nova-api', to: 'openstack', kind: 'reply', summary: '202 Accepted (status BUILD)' },
  { from: 'nova-conductor', to: 'nova-scheduler', kind: 'rpc.call', summary: 'select_destinations' },
  { from: 'nova-scheduler', to: 'placement-api', kind: 'http', summary: 'GET /allocation_candidates' },
  { from: 'nova-scheduler', to: 'nova-scheduler', kind: 'event', summary: 'filters and weighers pick compute1' },
  { from: 'nova-scheduler', to: 'placement-api', kind: 'http', summary: 'PUT /allocations/{uuid} (claim)', status: 204 },
  { from: 'nova-scheduler', to: 'nova-conductor', kind: 'reply', summary: 'Selection: compute1 + alternates' },
  { from: 'nova-conductor', to: 'nova-conductor', kind: 'db', summary: 'cell1 DB: instance row created' },
  { from: 'nova-conductor', to: 'nova-compute@compute1', kind: 'rpc.cast', summary: 'build_and_run_instance' },
  { from: 'nova-compute@compute1', to: 'placement-api', kind: 'http', summary: 'GET /allocations/{uuid}' },
  { from: 'nova-compute@compute1', to: 'neutron-server', kind: 'http', summary: 'POST /v2.0/ports', status: 201 },
  { from: 'nova-compute@compute1', to: 'neutron-server', kind: 'http', summary: 'PUT /v2.0/ports/{id} (bind to compute1)' },
  { from: 'nova-compute@compute1', to: 'glance-api', kind: 'http', summary: 'GET /v2/images/{id}/file' },
  { from: 'nova-compute@compute1', to: 'hypervisor@compute1', kind: 'hypervisor', summary: 'define guest, plug tap, start paused' },
  { from: 'neutron-l2-agent@compute1', to: 'neutron-l2-agent@compute1', kind: 'event', summary: 'sees the tap device, wires it' },
  { from: 'neutron-l2-agent@compute1', to: 'neutron-server', kind: 'rpc.call', summary: 'update_device_up (port ACTIVE)' },
  { from: 'neutron-server', to: 'nova-api', kind: 'http', summary: 'POST /v2.1/os-server-external-events' },
  { from: 'nova-api', to: 'nova-compute@compute1', kind: 'rpc.cast', summary: 'external_instance_event (vif plugged)' },
  { from: 'nova-compute@compute1', to: 'hypervisor@compute1', kind: 'hypervisor', summary: 'resume guest' },
  { from: 'nova-compute@compute1', to: 'nova-conductor', kind: 'rpc.call', summary: 'instance.save(): ACTIVE' },
];

/** Returns the mermaid source of the launch-instance sequence diagram. */
export function launchInstanceMermaid(): string {
  return requestFlowMermaid(launchInstanceTrace, { participants: launchParticipants });
}
