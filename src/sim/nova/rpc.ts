/** What Nova's binaries consume on the bus, keyed `<topic>.<method>` as the real RPC APIs name them, and their timed tasks. */
import type { RpcHandler, TaskHandler } from '../core/types.ts';
import {
  buildAllocateNetworks, buildAndRunInstance, buildBlockDeviceMapping, buildCreateDomain, buildResume, buildSpawn, buildVifFailed, buildVifTimeout, buildWaitVolumes,
} from './build.ts';
import {
  externalInstanceEvent, rebootFinish, rebootFinishAfterRestart, rebootInstance, rebootStart, startFinish, startInstance, stopFinish, stopInstance,
  terminateFinish, terminateInstance,
} from './compute.ts';
import { objectAction } from './conductor-objects.ts';
import { buildInstances, scheduleAndBuildInstances } from './conductor.ts';
import { getConsoleOutput, getVncConsole } from './consoles.ts';
import { powerOpFinish, powerRpc } from './pause-suspend.ts';
import { selectDestinations } from './scheduler.ts';
import { attachVolumeOnHost, detachVolumeOnHost, reserveBlockDeviceName } from './volumes.ts';

export const rpc: Record<string, RpcHandler> = {
  'conductor.schedule_and_build_instances': scheduleAndBuildInstances,
  'conductor.build_instances': buildInstances,
  'conductor.object_action': objectAction,
  'scheduler.select_destinations': selectDestinations,
  'compute.build_and_run_instance': buildAndRunInstance,
  'compute.terminate_instance': terminateInstance,
  'compute.stop_instance': stopInstance,
  'compute.start_instance': startInstance,
  'compute.reboot_instance': rebootInstance,
  'compute.external_instance_event': externalInstanceEvent,
  'compute.get_console_output': getConsoleOutput,
  'compute.get_vnc_console': getVncConsole,
  'compute.reserve_block_device_name': reserveBlockDeviceName,
  'compute.attach_volume': attachVolumeOnHost,
  'compute.detach_volume': detachVolumeOnHost,
  ...powerRpc,
};

/** Steps scheduled with ctx.after, run by the component that scheduled them. */
export const tasks: Record<string, TaskHandler> = {
  build_allocate_networks: buildAllocateNetworks,
  build_block_device_mapping: buildBlockDeviceMapping,
  build_wait_volumes: buildWaitVolumes,
  build_spawn: buildSpawn,
  build_create_domain: buildCreateDomain,
  build_resume: buildResume,
  build_vif_timeout: buildVifTimeout,
  build_vif_failed: buildVifFailed,
  terminate_finish: terminateFinish,
  stop_finish: stopFinish,
  start_finish: startFinish,
  reboot_start: rebootStart,
  reboot_finish: rebootFinish,
  reboot_finish_after_restart: rebootFinishAfterRestart,
  power_op_finish: powerOpFinish,
};
