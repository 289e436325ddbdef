/** The attach-flow actions from before the attachments API, which Nova still uses around a detach. */
import { apiError } from '../core/errors.ts';
import type { Ctx, HandlerRequest } from '../core/types.ts';
import type { Action } from './actions.ts';
import { invalidVolume } from './messages.ts';
import { attachmentsOf, saveVolume, type VolumeRow } from './state.ts';

/** os-reserve: `available` → `attaching`. */
const reserve: Action = (ctx: Ctx, _req: HandlerRequest, v: VolumeRow) => {
  const allowed = v.multiattach ? ['available', 'in-use'] : ['available'];
  if (!allowed.includes(v.status)) {
    throw apiError(400, invalidVolume(`Volume status must be ${allowed.join(' or ')} to reserve, but the status is ${v.status}.`));
  }
  saveVolume(ctx, v.id, { status: 'attaching' });
};

/** os-unreserve: `attaching` → back to `in-use` (if attached elsewhere) or `available`; otherwise nothing. */
const unreserve: Action = (ctx, _req, v) => {
  if (v.status !== 'attaching') return;
  saveVolume(ctx, v.id, { status: attachmentsOf(ctx, v.id).length ? 'in-use' : 'available' });
};

/** os-begin_detaching (Nova, before it detaches): `in-use` and attached → `detaching`. */
const beginDetaching: Action = (ctx, _req, v) => {
  if (v.status !== 'in-use' || v.attach_status !== 'attached') {
    throw apiError(400, invalidVolume("Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach."));
  }
  saveVolume(ctx, v.id, { status: 'detaching' });
};

/** os-roll_detaching (Nova, when a detach failed): `detaching` → `in-use`. */
const rollDetaching: Action = (ctx, _req, v) => {
  if (v.status === 'detaching') saveVolume(ctx, v.id, { status: 'in-use' });
};

/** Legacy volume actions by name. */
export const legacyActions: Record<string, Action> = {
  'os-reserve': reserve,
  'os-unreserve': unreserve,
  'os-begin_detaching': beginDetaching,
  'os-roll_detaching': rollDetaching,
};
