/** Read-only views of a cloud's state for the diagrams. */
export { healthSummary, serviceHealth, type ProcessHealth } from './health.ts';
export { topologyView } from './topology.ts';
export type {
  BridgeView, InstanceView, InterfaceView, NamespaceView, NetworkView, NodeView, PortView, ProcessView, SubnetView, TopologyView, VolumeView,
} from './topology-types.ts';
