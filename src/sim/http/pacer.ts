/** Moves the simulated clock along with real time while the cloud serves real clients. */
import { EPOCH_MS } from '../core/clock.ts';

/** The part of the cloud the pacer drives. */
export interface Clocked {
  now(): number;
  advance(ms: number): number;
  engine: { state: { clock: { now: number } } };
}

/**
 * Sets the cloud's clock forward to the real date `wallMs`, as when a host's clock is corrected:
 * overdue timers fire once, then keep their period. Real clients need this: keystoneauth treats a
 * token whose `expires_at` is in the real past as expired and logs in again before every request.
 * Returns how many virtual ms were skipped (0 if the cloud is already later).
 */
export function jumpToWallClock(cloud: Clocked, wallMs: number): number {
  const target = wallMs - EPOCH_MS;
  const skip = Math.floor(target - cloud.now());
  if (skip <= 0) return 0;
  cloud.engine.state.clock.now += skip;
  cloud.advance(0);
  return skip;
}

/** Options: how fast virtual time runs, and where the real time comes from (tests pass their own). */
export interface PacerOptions {
  /** Virtual ms per real ms; 1 is real time. */
  speed?: number;
  /** Real milliseconds (defaults to `Date.now`). */
  wallMs?: () => number;
}

/** Keeps virtual time in step with real time: call `catchUp()` before each request and on a timer. */
export class Pacer {
  private cloud: Clocked;
  private speed: number;
  private wallMs: () => number;
  private last: number;
  private carry = 0;

  constructor(cloud: Clocked, opts: PacerOptions = {}) {
    this.cloud = cloud;
    this.speed = opts.speed ?? 1;
    if (!(this.speed > 0)) throw new Error(`Invalid speed ${opts.speed}: give a number above 0 (1 = real time).`);
    this.wallMs = opts.wallMs ?? Date.now;
    this.last = this.wallMs();
  }

  /** Advances the cloud by the real time since the last call (times the speed); returns the events run. */
  catchUp(): number {
    const now = this.wallMs();
    const elapsed = Math.max(0, now - this.last) * this.speed + this.carry;
    this.last = now;
    const whole = Math.floor(elapsed);
    this.carry = elapsed - whole;
    return whole > 0 ? this.cloud.advance(whole) : 0;
  }

  /** The real date the cloud's virtual time stands for (for log lines). */
  virtualDate(): Date {
    return new Date(EPOCH_MS + this.cloud.now());
  }
}
