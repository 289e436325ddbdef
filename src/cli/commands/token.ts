/** `openstack token issue`: prints the token from the login, with no further request. */
import type { CommandSpec } from '../types.ts';
import { showSorted } from './helpers.ts';

/** OSC 6.0.0 prints `expires` as `%Y-%m-%dT%H:%M:%S%z`. */
function expires(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)/.exec(iso ?? '');
  return m ? `${m[1]}+0000` : String(iso);
}

export const tokenCommands: CommandSpec[] = [
  {
    words: ['token', 'issue'],
    help: 'Issue new token',
    kind: 'show',
    params: [],
    async run(ctx) {
      const t = ctx.client.auth;
      const data: Record<string, unknown> = { expires: expires(t.expires_at), id: ctx.client.token, user_id: t.user?.id };
      if (t.project) data.project_id = t.project.id;
      else if (t.domain) data.domain_id = t.domain.id;
      else if (t.system) data.system = 'all';
      return showSorted(data);
    },
  },
];
