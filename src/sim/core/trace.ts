/** The trace: every hop the cloud makes, in order, as plain data. */

/** What kind of hop a record is. */
export type TraceKind =
  | 'http' // a REST request (its status is filled in when the response leaves)
  | 'rpc.cast' // a one-way message put on the bus
  | 'rpc.call' // a request put on the bus that waits for a reply
  | 'reply' // the response to an http request or the reply to an rpc.call
  | 'rpc.deliver' // a cast taken off the queue by its consumer
  | 'db' // a row written in a service's database
  | 'agent' // an action of a Neutron agent (plug a tap, add a DHCP host entry)
  | 'hypervisor' // an action of the hypervisor on a compute node
  | 'event'; // something that happened without a message: a timer, a fault injected

/** One recorded hop. `from` and `to` are component names such as `nova-api` or `nova-compute@compute1`. */
export interface TraceRecord {
  seq: number;
  at: number;
  from: string;
  to: string;
  kind: TraceKind;
  summary: string;
  status?: number;
  requestId?: string;
  payload?: unknown;
}

/** The trace's plain-data state. `dropped` counts records pushed out by the size limit. */
export interface TraceState {
  seq: number;
  dropped: number;
  limit: number;
  records: TraceRecord[];
}

/** Creates an empty trace that keeps about `limit` records (the oldest are dropped in batches). */
export function newTraceState(limit = 20000): TraceState {
  return { seq: 0, dropped: 0, limit, records: [] };
}

/** Appends a record and returns it. The only writer of trace records. */
export function record(state: TraceState, rec: Omit<TraceRecord, 'seq'>): TraceRecord {
  state.seq += 1;
  const full = { seq: state.seq, ...rec } as TraceRecord;
  state.records.push(full);
  // Trim in batches: dropping one record at a time would shift the whole array on every record.
  if (state.records.length > state.limit + Math.max(100, state.limit >> 3)) {
    const extra = state.records.length - state.limit;
    state.records.splice(0, extra);
    state.dropped += extra;
  }
  return full;
}

/** Records after sequence number `mark` (0 gives all that are kept). */
export function since(state: TraceState, mark: number): TraceRecord[] {
  const recs = state.records;
  let lo = 0;
  let hi = recs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (recs[mid].seq <= mark) lo = mid + 1;
    else hi = mid;
  }
  return recs.slice(lo);
}
