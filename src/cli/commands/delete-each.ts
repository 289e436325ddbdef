/** The loop OSC's multi-delete commands share: try each, log each failure, then fail with a count. */
import { CommandError } from '../errors.ts';
import type { RunCtx } from '../types.ts';

/** How one command words its failures. */
export interface DeleteWording {
  /** `Failed to delete flavor with name or ID 'x'` */
  item(name: string): string;
  /** `1 of 2 flavors failed to delete.` */
  summary(failed: number, total: number): string;
}

/** Deletes each name with `fn`; prints `<item>: <error>` per failure, then fails with the summary. */
export async function deleteEach(ctx: RunCtx, names: string[], wording: DeleteWording, fn: (name: string) => Promise<void>): Promise<void> {
  let failed = 0;
  for (const name of names) {
    try {
      await fn(name);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      failed++;
      ctx.err(`${wording.item(name)}: ${e.message}\n`);
    }
  }
  if (failed) throw new CommandError(wording.summary(failed, names.length));
}
