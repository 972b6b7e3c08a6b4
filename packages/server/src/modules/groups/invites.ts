// Invite links: admins and the owner create them (optional expiry and maximum uses), list and
// revoke them; anyone holding a working code can preview the group and join it. Joining is
// idempotent for a member and refused, with its own error, when the link was revoked, has
// expired, is used up, or the group is full.
import { randomBytes } from 'node:crypto';
import type { Conversation, CreateInviteRequest, Invite, InvitePreview } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { DB, InvitesTable } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';
import { loadConversation } from '../conversations/queries.js';
import { beginChange, finishChange } from './change.js';
import { insertMembers, requireRoom } from './membership.js';
import { requireGroupRole } from './roles.js';

function toInvite(r: Selectable<InvitesTable>): Invite {
  return {
    code: r.code,
    conversationId: r.conversation_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    maxUses: r.max_uses,
    uses: r.uses,
    revoked: r.revoked_at !== null,
  };
}

export async function createInvite(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: CreateInviteRequest,
): Promise<Invite> {
  const { value } = await ctx.storage.write(async (tx) => {
    await requireGroupRole(tx.db, conversationId, auth.userId, 'admin');
    if (input.clientId) {
      const repeat = await tx.db
        .selectFrom('invites')
        .selectAll()
        .where('created_by', '=', auth.userId)
        .where('client_id', '=', input.clientId)
        .executeTakeFirst();
      if (repeat && repeat.conversation_id !== conversationId) {
        throw new ApiError('client_id_conflict', 'this clientId was already used for another group');
      }
      if (repeat) return toInvite(repeat);
    }
    const now = new Date();
    const row = {
      code: randomBytes(16).toString('base64url'),
      conversation_id: conversationId,
      created_by: auth.userId,
      created_at: now.toISOString(),
      expires_at: input.expiresInSeconds ? new Date(now.getTime() + input.expiresInSeconds * 1000).toISOString() : null,
      max_uses: input.maxUses ?? null,
      uses: 0,
      revoked_at: null,
      client_id: input.clientId ?? null,
    };
    await tx.db.insertInto('invites').values(row).execute();
    return toInvite(row);
  });
  return value;
}

/** The group's links that were not revoked (expired and used-up ones too, so admins see them). */
export async function listInvites(ctx: AppContext, auth: AuthContext, conversationId: string): Promise<Invite[]> {
  const db = ctx.storage.read;
  await requireGroupRole(db, conversationId, auth.userId, 'admin');
  const rows = await db
    .selectFrom('invites')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .orderBy('code')
    .execute();
  return rows.map(toInvite);
}

export async function revokeInvite(ctx: AppContext, auth: AuthContext, conversationId: string, code: string) {
  await ctx.storage.write(async (tx) => {
    await requireGroupRole(tx.db, conversationId, auth.userId, 'admin');
    const r = await tx.db
      .updateTable('invites')
      .set({ revoked_at: nowIso() })
      .where('code', '=', code)
      .where('conversation_id', '=', conversationId)
      .returning('code')
      .executeTakeFirst();
    if (!r) throw new ApiError('not_found', 'no such invite');
  });
}

/** The invite if it still works, else its catalog error. */
async function workingInvite(db: Kysely<DB>, code: string): Promise<Selectable<InvitesTable>> {
  const r = await db.selectFrom('invites').selectAll().where('code', '=', code).executeTakeFirst();
  if (!r) throw new ApiError('not_found', 'no such invite');
  if (r.revoked_at !== null) throw new ApiError('invite_revoked', 'this invite link was revoked');
  if (r.expires_at !== null && r.expires_at <= nowIso())
    throw new ApiError('invite_expired', 'this invite link has expired');
  if (r.max_uses !== null && r.uses >= r.max_uses) throw new ApiError('invite_used_up', 'this invite link is used up');
  return r;
}

export async function previewInvite(ctx: AppContext, code: string): Promise<InvitePreview> {
  const db = ctx.storage.read;
  const invite = await workingInvite(db, code);
  const c = await db
    .selectFrom('conversations')
    .select(['id', 'title', 'description', 'member_count'])
    .where('id', '=', invite.conversation_id)
    .executeTakeFirstOrThrow();
  return { conversationId: c.id, title: c.title, description: c.description, memberCount: c.member_count };
}

export async function joinByInvite(
  ctx: AppContext,
  auth: AuthContext,
  code: string,
): Promise<{ conversation: Conversation; joined: boolean }> {
  const found = await ctx.storage.read
    .selectFrom('invites')
    .select('conversation_id')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!found) throw new ApiError('not_found', 'no such invite');
  const conversationId = found.conversation_id;
  const { value } = await ctx.storage.write(
    async (tx) => {
      const member = await tx.db
        .selectFrom('members')
        .select('user_id')
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', auth.userId)
        .executeTakeFirst();
      if (member) return { conversation: await loadConversation(tx.db, conversationId), joined: false };
      await workingInvite(tx.db, code);
      await requireRoom(tx, conversationId, 1);
      const change = await beginChange(tx, conversationId, auth, { action: 'member_joined', userIds: [auth.userId] });
      const members = await insertMembers(tx, conversationId, [auth.userId], change.seq, change.at);
      await tx.db
        .updateTable('invites')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('code', '=', code)
        .execute();
      return {
        conversation: await finishChange(tx, conversationId, change, 'member.added', { members }),
        joined: true,
      };
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}
