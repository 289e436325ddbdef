/** Nova's internal exceptions that cross RPC (oslo.messaging re-raises them on the caller's side). */

/** The scheduler found no host (`No valid host was found. <reason>`). */
export class NoValidHost extends Error {
  constructor(reason = '') {
    super(`No valid host was found. ${reason}`);
    this.name = 'NoValidHost';
  }
}

/** A reschedule ran out of alternates (a NoValidHost subclass, as in Nova). */
export class MaxRetriesExceeded extends NoValidHost {
  constructor(reason: string) {
    super();
    this.message = `Exceeded maximum number of retries. ${reason}`;
    this.name = 'MaxRetriesExceeded';
  }
}

/** A build failed in a way another host could fix: compute hands the instance back to the conductor. */
export class RescheduledException extends Error {
  constructor(uuid: string, reason: string) {
    super(`Build of instance ${uuid} was re-scheduled: ${reason}`);
    this.name = 'RescheduledException';
    this.reason = reason;
  }
  reason: string;
}

/** A build failed in a way no other host would fix: the instance goes to ERROR at once. */
export class BuildAbortException extends Error {
  constructor(uuid: string, reason: string) {
    super(`Build of instance ${uuid} aborted: ${reason}`);
    this.name = 'BuildAbortException';
  }
}

/** Something like the traceback Nova stores in an instance fault's `details` (shown to admins only). */
export function faultDetails(e: Error, where: string): string {
  return `Traceback (most recent call last):\n  File "${where}", in ${e.name}\nnova.exception.${e.name}: ${e.message}\n`;
}
