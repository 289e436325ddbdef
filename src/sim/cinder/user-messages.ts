/** User messages (3.3+): why an asynchronous operation failed, e.g. "No valid backend" (`openstack volume message list`). */
import { apiError } from '../core/errors.ts';
import type { Handler, HandlerRequest } from '../core/types.ts';
import { T } from './state.ts';

/** cinder.conf message_ttl: messages are guaranteed for 30 days. */
const TTL_MS = 2_592_000_000;

function view(m: Record<string, any>) {
  const until = new Date(Date.parse(`${m.created_at}Z`) + TTL_MS).toISOString().replace(/\.(\d{3})Z$/, '.$1000');
  return {
    id: m.id,
    event_id: m.event_id,
    user_message: m.user_message,
    message_level: m.message_level,
    created_at: m.created_at,
    guaranteed_until: until,
    request_id: m.request_id,
    resource_type: m.resource_type,
    resource_uuid: m.resource_uuid,
    links: [{ href: `http://controller:8776/v3/${m.project_id}/messages/${m.id}`, rel: 'self' }],
  };
}

function mine(req: HandlerRequest, m: Record<string, any> | undefined): boolean {
  return !!m && (req.auth.is_admin || m.project_id === req.auth.project_id);
}

/** GET /messages */
export const listMessages: Handler = (ctx, req) => ({
  status: 200,
  body: { messages: ctx.db.all(T.messages).filter((m) => mine(req, m)).map(view) },
});

/** GET /messages/{message_id} */
export const showMessage: Handler = (ctx, req) => {
  const m = ctx.db.get(T.messages, req.params.message_id);
  if (!mine(req, m)) throw apiError(404, `Message ${req.params.message_id} could not be found.`);
  return { status: 200, body: { message: view(m!) } };
};

/** DELETE /messages/{message_id} */
export const deleteMessage: Handler = (ctx, req) => {
  const m = ctx.db.get(T.messages, req.params.message_id);
  if (!mine(req, m)) throw apiError(404, `Message ${req.params.message_id} could not be found.`);
  ctx.db.remove(T.messages, m!.id);
  return { status: 204 };
};
