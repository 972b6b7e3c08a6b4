// HTTP routes of message actions: edit, delete (for everyone / for me), edit history,
// reactions, forward, pins, stars, the mentions list and the disappearing timer.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind, WithStatus } from '../../http/route.js';
import { deleteForEveryone, hideMessage } from './delete.js';
import { editMessage, listEdits } from './edit.js';
import { forwardMessage } from './forward.js';
import { listMentions } from './mention-list.js';
import { listPins, setPin } from './pins.js';
import { listReactions, setReaction } from './reactions.js';
import { listStarred, setStar } from './stars.js';
import { setTimer } from './timer.js';

export function messageActionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const db = ctx.storage.read;
  bind(app, ctx, 'editMessage', async ({ auth, params, body }) => ({
    message: await editMessage(ctx, auth, params.id, body),
  }));
  bind(app, ctx, 'deleteMessage', async ({ auth, params }) => ({
    message: await deleteForEveryone(ctx, auth, params.id),
  }));
  bind(app, ctx, 'hideMessage', async ({ auth, params }) => hideMessage(ctx, auth, params.id));
  bind(app, ctx, 'listMessageEdits', async ({ auth, params }) => ({
    edits: await listEdits(db, auth.userId, params.id),
  }));
  bind(app, ctx, 'addReaction', async ({ auth, params, body }) => ({
    message: await setReaction(ctx, auth, params.id, body.emoji, true),
  }));
  bind(app, ctx, 'removeReaction', async ({ auth, params, query }) => ({
    message: await setReaction(ctx, auth, params.id, query.emoji, false),
  }));
  bind(app, ctx, 'listReactions', async ({ auth, params, query }) => ({
    reactions: await listReactions(db, auth.userId, params.id, query),
  }));
  bind(app, ctx, 'forwardMessage', async ({ auth, params, body }) => {
    const r = await forwardMessage(ctx, auth, params.id, body);
    return new WithStatus(r.created ? 201 : 200, { message: r.message });
  });
  bind(app, ctx, 'pinMessage', async ({ auth, params }) => ({ message: await setPin(ctx, auth, params.id, true) }));
  bind(app, ctx, 'unpinMessage', async ({ auth, params }) => ({ message: await setPin(ctx, auth, params.id, false) }));
  bind(app, ctx, 'listPins', async ({ auth, params }) => ({ messages: await listPins(db, auth.userId, params.id) }));
  bind(app, ctx, 'starMessage', async ({ auth, params }) => setStar(ctx, auth, params.id, true));
  bind(app, ctx, 'unstarMessage', async ({ auth, params }) => setStar(ctx, auth, params.id, false));
  bind(app, ctx, 'listStarred', async ({ auth, query }) => listStarred(db, auth.userId, query));
  bind(app, ctx, 'listMentions', async ({ auth, query }) => listMentions(db, auth.userId, query));
  bind(app, ctx, 'setTimer', async ({ auth, params, body }) => ({
    conversation: await setTimer(ctx, auth, params.id, body.seconds),
  }));
}
