/** The loop OSC's multi-delete commands share: try each, log failures, then fail with a count. */
import { CommandError } from '../errors.ts';
import type { RunCtx } from '../types.ts';

/** Deletes each name with `fn`; on failures prints `Failed to delete <kind> with name or ID '<x>': <error>` per item, then `Failed to delete N of M <plural>.` */
export async function deleteEach(ctx: RunCtx, names: string[], kind: string, plural: string, fn: (name: string) => Promise<void>, label = 'name or ID'): Promise<void> {
  let failed = 0;
  for (const name of names) {
    try {
      await fn(name);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      failed++;
      ctx.err(`Failed to delete ${kind} with ${label} '${name}': ${e.message}\n`);
    }
  }
  if (failed) throw new CommandError(`Failed to delete ${failed} of ${names.length} ${plural}.`);
}
