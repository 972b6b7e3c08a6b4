// HTTP routes of the groups module: members and roles, settings and avatar, invite links.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { rawBody, rawImageRoutes, sendAvatar } from '../../http/avatar-image.js';
import { ApiError } from '../../http/errors.js';
import { bind, WithStatus } from '../../http/route.js';
import { requireMember } from '../conversations/queries.js';
import { createInvite, joinByInvite, listInvites, previewInvite, revokeInvite } from './invites.js';
import { addMembers, leaveConversation, removeMember, setMemberRole, transferOwnership } from './membership.js';
import { setAvatar, updateConversation } from './settings.js';

export function groupRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'addMembers', async ({ auth, params, body }) => ({
    conversation: await addMembers(ctx, auth, params.id, body.userIds),
  }));
  bind(app, ctx, 'removeMember', ({ auth, params }) => removeMember(ctx, auth, params.id, params.userId));
  bind(app, ctx, 'leaveConversation', ({ auth, params }) => leaveConversation(ctx, auth, params.id));
  bind(app, ctx, 'setMemberRole', async ({ auth, params, body }) => ({
    conversation: await setMemberRole(ctx, auth, params.id, params.userId, body.role),
  }));
  bind(app, ctx, 'transferOwnership', async ({ auth, params, body }) => ({
    conversation: await transferOwnership(ctx, auth, params.id, body.userId),
  }));
  bind(app, ctx, 'updateConversation', async ({ auth, params, body }) => ({
    conversation: await updateConversation(ctx, auth, params.id, body),
  }));
  bind(app, ctx, 'deleteAvatar', async ({ auth, params }) => ({
    conversation: await setAvatar(ctx, auth, params.id, null),
  }));
  bind(app, ctx, 'getAvatar', async ({ auth, params, reply }) => {
    await requireMember(ctx.storage.read, params.id, auth.userId);
    const avatar = await ctx.storage.read
      .selectFrom('conversation_avatars')
      .select(['content_type', 'data'])
      .where('conversation_id', '=', params.id)
      .executeTakeFirst();
    if (!avatar) throw new ApiError('not_found', 'this group has no avatar');
    await sendAvatar(reply, avatar);
  });
  rawImageRoutes(app, (raw) =>
    bind(raw, ctx, 'setAvatar', async ({ auth, params, req }) => ({
      conversation: await setAvatar(ctx, auth, params.id, rawBody(req)),
    })),
  );
  bind(app, ctx, 'createInvite', async ({ auth, params, body }) => ({
    invite: await createInvite(ctx, auth, params.id, body),
  }));
  bind(app, ctx, 'listInvites', async ({ auth, params }) => ({ invites: await listInvites(ctx, auth, params.id) }));
  bind(app, ctx, 'revokeInvite', ({ auth, params }) => revokeInvite(ctx, auth, params.id, params.code));
  bind(app, ctx, 'previewInvite', async ({ params }) => ({ preview: await previewInvite(ctx, params.code) }));
  bind(app, ctx, 'joinByInvite', async ({ auth, params }) => {
    const r = await joinByInvite(ctx, auth, params.code);
    return new WithStatus(r.joined ? 201 : 200, { conversation: r.conversation });
  });
}
