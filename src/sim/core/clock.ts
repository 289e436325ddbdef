/** The virtual clock and its event queue. Events are plain data so a snapshot can hold them. */

/** A scheduled piece of work: run task (or `rpc:<kind>.<method>`) `name` of `service` with `args` at virtual time `at`. */
export interface SimEvent {
  seq: number;
  at: number;
  service: string;
  /** The component that runs it (`nova-compute@compute1`). */
  component: string;
  name: string;
  args: unknown;
  /** The request id the work belongs to, so the trace groups it with the request that caused it. */
  requestId?: string;
}

/** The clock's plain-data state: virtual milliseconds since the cloud's epoch, and the queue. */
export interface ClockState {
  now: number;
  seq: number;
  queue: SimEvent[];
}

/** The virtual epoch: the simulated cloud's time 0. Fixed so that timestamps are reproducible. */
export const EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

/** Creates an empty clock state. */
export function newClockState(): ClockState {
  return { now: 0, seq: 0, queue: [] };
}

/** Inserts `event` keeping the queue ordered by (at, seq). */
export function enqueue(state: ClockState, event: Omit<SimEvent, 'seq'>): SimEvent {
  state.seq += 1;
  const full: SimEvent = { ...event, seq: state.seq };
  const q = state.queue;
  let lo = 0;
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = q[mid];
    if (m.at < full.at || (m.at === full.at && m.seq < full.seq)) lo = mid + 1;
    else hi = mid;
  }
  q.splice(lo, 0, full);
  return full;
}

/** Removes the event with sequence number `seq` (used when a request is rolled back). */
export function dequeue(state: ClockState, seq: number): void {
  const i = state.queue.findIndex((e) => e.seq === seq);
  if (i >= 0) state.queue.splice(i, 1);
}

/** ISO-8601 with microseconds as the services print it: 2026-01-05T09:00:00.000000Z. */
export function isoTime(virtualMs: number): string {
  return new Date(EPOCH_MS + virtualMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Seconds-precision ISO-8601 without a zone, as Nova prints created/updated: 2026-01-05T09:00:00Z. */
export function isoSeconds(virtualMs: number): string {
  return new Date(EPOCH_MS + virtualMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
