/** The API's instance checks: state (check_instance_state) and host (check_instance_host). */
import { apiError } from '../core/errors.ts';
import type { Instance } from './state.ts';

/** check_instance_state: 409 "Cannot '<action>' instance <id> while it is in vm_state <state>" (or task_state). */
export function checkState(inst: Instance, action: string, vmStates: string[] | null, taskStates: (string | null)[] | null = [null]): void {
  if (vmStates && !vmStates.includes(inst.vm_state)) {
    throw apiError(409, `Cannot '${action}' instance ${inst.uuid} while it is in vm_state ${inst.vm_state}`);
  }
  if (taskStates && !taskStates.includes(inst.task_state)) {
    throw apiError(409, `Cannot '${action}' instance ${inst.uuid} while it is in task_state ${inst.task_state ?? 'None'}`);
  }
}

/** check_instance_host: the server must have a host (409 "Instance <id> is not ready"). */
export function checkHost(inst: Instance): void {
  if (!inst.host) throw apiError(409, `Instance ${inst.uuid} is not ready`);
}
