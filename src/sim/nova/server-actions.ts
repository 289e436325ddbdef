/** POST /servers/{id}/action: os-stop, os-start, reboot, lock/unlock, and the console actions. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { getConsoleOutputAction, getVncConsoleAction } from './consoles.ts';
import { atLeast } from './microversion.ts';
import { powerAction } from './pause-suspend.ts';
import { policyError } from './policy.ts';
import { checkLock, recordAction } from './servers.ts';
import { checkHost, checkState } from './instance-checks.ts';
import { cellTable, findServer, type ServerRef } from './state.ts';
import { invalid, pyRepr } from './validation.ts';

function setTaskState(ctx: Ctx, ref: ServerRef, task: string): void {
  ctx.db.update(cellTable(ref.schema!, 'instances'), ref.inst.uuid, { task_state: task, updated_at: ctx.iso() });
}

const stop = (ctx: Ctx, req: HandlerRequest, ref: ServerRef) => {
  checkLock(req, ref.inst);
  checkHost(ref.inst);
  checkState(ref.inst, 'stop', ['active', 'error']);
  setTaskState(ctx, ref, 'powering-off');
  recordAction(ctx, req, ref, 'stop');
  ctx.cast(`compute.${ref.inst.host}`, 'stop_instance', { instance: ref.inst.uuid, clean_shutdown: true });
  return { status: 202 };
};

const start = (ctx: Ctx, req: HandlerRequest, ref: ServerRef) => {
  checkLock(req, ref.inst);
  checkHost(ref.inst);
  checkState(ref.inst, 'start', ['stopped']);
  setTaskState(ctx, ref, 'powering-on');
  recordAction(ctx, req, ref, 'start');
  ctx.cast(`compute.${ref.inst.host}`, 'start_instance', { instance: ref.inst.uuid });
  return { status: 202 };
};

const REBOOT_TYPES = ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'];
const ALLOW_REBOOT = [null, 'rebooting', 'reboot_pending', 'reboot_started', 'resuming', 'rebooting_hard', 'unpausing', 'pausing', 'suspending'];

const reboot = (ctx: Ctx, req: HandlerRequest, ref: ServerRef) => {
  const arg = req.body.reboot;
  if (!arg || typeof arg !== 'object') throw invalid('reboot', arg, `${pyRepr(arg)} is not of type 'object'`);
  if (arg.type === undefined) throw invalid('reboot', arg, "'type' is a required property");
  if (!REBOOT_TYPES.includes(arg.type)) throw invalid('type', arg.type, `${pyRepr(arg.type)} is not one of ${pyRepr(REBOOT_TYPES)}`);
  const hard = arg.type.toUpperCase() === 'HARD';
  checkLock(req, ref.inst);
  if (hard) checkState(ref.inst, 'reboot', ['active', 'stopped', 'paused', 'suspended', 'error'], ALLOW_REBOOT);
  else checkState(ref.inst, 'reboot', ['active'], [null]);
  checkHost(ref.inst);
  setTaskState(ctx, ref, hard ? 'rebooting_hard' : 'rebooting');
  recordAction(ctx, req, ref, 'reboot');
  ctx.cast(`compute.${ref.inst.host}`, 'reboot_instance', { instance: ref.inst.uuid, block_device_info: null, reboot_type: hard ? 'HARD' : 'SOFT' });
  return { status: 202 };
};

const lock = (ctx: Ctx, req: HandlerRequest, ref: ServerRef) => {
  const reason = atLeast(req, '2.73') ? req.body.lock?.locked_reason ?? null : null;
  if (!ref.schema) throw apiError(409, `Instance ${ref.inst.uuid} is not ready`);
  ctx.db.update(cellTable(ref.schema, 'instances'), ref.inst.uuid, { locked_by: req.auth.is_admin ? 'admin' : 'owner', locked_reason: reason, updated_at: ctx.iso() });
  recordAction(ctx, req, ref, 'lock');
  return { status: 202 };
};

const unlock = (ctx: Ctx, req: HandlerRequest, ref: ServerRef) => {
  if (!ref.schema) throw apiError(409, `Instance ${ref.inst.uuid} is not ready`);
  if (ref.inst.locked_by === 'admin' && !req.auth.is_admin) throw policyError('os-lock-server:unlock:unlock_override');
  ctx.db.update(cellTable(ref.schema, 'instances'), ref.inst.uuid, { locked_by: null, locked_reason: null, updated_at: ctx.iso() });
  recordAction(ctx, req, ref, 'unlock');
  return { status: 202 };
};

const ACTIONS: Record<string, (ctx: Ctx, req: HandlerRequest, ref: ServerRef) => { status: number; body?: unknown }> = {
  'os-stop': stop,
  'os-start': start,
  reboot,
  lock,
  unlock,
  pause: powerAction('pause'),
  unpause: powerAction('unpause'),
  suspend: powerAction('suspend'),
  resume: powerAction('resume'),
  'os-getConsoleOutput': getConsoleOutputAction,
  'os-getVNCConsole': getVncConsoleAction,
};

/** POST /servers/{id}/action. */
export const serverAction: Handler = (ctx, req) => {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body) || !Object.keys(body).length) throw apiError(400, 'Malformed request body');
  const name = Object.keys(body)[0];
  const fn = ACTIONS[name];
  if (!fn || (name === 'os-getVNCConsole' && atLeast(req, '2.6'))) throw apiError(400, `There is no such action: ${name}`);
  return fn(ctx, req, findServer(ctx, req, req.params.server_id));
};
