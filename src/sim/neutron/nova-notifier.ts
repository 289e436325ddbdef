/** neutron.notifiers.nova: tells Nova about a server's ports (`notify_nova_on_port_status_changes`, `..._data_changes`). */
import type { Ctx } from '../core/types.ts';

/** The events Neutron sends to Nova. */
export type VifEvent = 'network-vif-plugged' | 'network-vif-unplugged' | 'network-vif-deleted' | 'network-changed';

/**
 * POST /v2.1/os-server-external-events for a port of a server (device_owner `compute:*`). Nova may answer 404
 * when it knows none of the servers; Neutron only logs that, so the answer changes nothing here.
 */
export function notifyNova(ctx: Ctx, port: Record<string, any>, name: VifEvent, status: 'completed' | 'failed' = 'completed'): void {
  if (!String(port.device_owner ?? '').startsWith('compute:') || !port.device_id) return;
  ctx.http('nova', 'POST', '/v2.1/os-server-external-events', {
    events: [{ name, server_uuid: port.device_id, tag: port.id, status }],
  });
}
