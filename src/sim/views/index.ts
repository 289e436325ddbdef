/** Read-only views of a cloud's state for the diagrams. */
export { healthSummary, serviceHealth, type ProcessHealth } from './health.ts';
export {
  topologyView, type BridgeView, type InstanceView, type InterfaceView, type NamespaceView, type NetworkView, type NodeView,
  type PortView, type SubnetView, type TopologyView, type VolumeView,
} from './topology.ts';
