// Creating conversations: a direct chat is unique per pair (creating it again returns the
// existing one); a group has a title, up to LIMITS.groupMembersMax members, and its creator as
// owner. Creation takes seq 1 and emits conversation.created to every member.
import { newId } from '../../ids.js';
import { LIMITS, type Conversation, type CreateConversationRequest } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { isUniqueViolation } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { assertNotBlocked } from '../safety/blocks.js';
import { loadConversation } from './queries.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';

export interface CreateResult {
  conversation: Conversation;
  created: boolean;
}

/** Rows per statement for lists as long as a whole group (bound parameters stay well in limits). */
export const BATCH_ROWS = 1_000;

export async function requireUsersExist(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found: { id: string }[] = [];
  for (let i = 0; i < ids.length; i += BATCH_ROWS) {
    const chunk = ids.slice(i, i + BATCH_ROWS);
    found.push(...(await db.selectFrom('users').select('id').where('id', 'in', chunk).execute()));
  }
  if (found.length !== ids.length) {
    const known = new Set(found.map((r) => r.id));
    const missing = ids.filter((id) => !known.has(id));
    throw new ApiError('not_found', `no such user: ${missing.slice(0, 3).join(', ')}`);
  }
}

async function findExisting(
  ctx: AppContext,
  where: { direct_key: string } | { created_by: string; client_id: string },
) {
  let q = ctx.storage.read.selectFrom('conversations').select('id');
  for (const [k, v] of Object.entries(where)) q = q.where(k as 'id', '=', v);
  const row = await q.executeTakeFirst();
  return row ? loadConversation(ctx.storage.read, row.id) : null;
}

export async function createConversation(
  ctx: AppContext,
  auth: AuthContext,
  input: CreateConversationRequest,
): Promise<CreateResult> {
  const me = auth.userId;
  let others: string[];
  let existingKey: { direct_key: string } | { created_by: string; client_id: string } | null = null;
  if (input.kind === 'direct') {
    const other = input.memberIds[0]!;
    others = other === me ? [] : [other];
    // A secret chat is a second, separate conversation of the pair.
    existingKey = { direct_key: `${input.encryption === 'mls' ? 'mls:' : ''}${[me, other].sort().join(':')}` };
  } else {
    others = [...new Set(input.memberIds)].filter((id) => id !== me);
    if (others.length + 1 > LIMITS.groupMembersMax) {
      throw new ApiError('too_many_members', `a group has at most ${LIMITS.groupMembersMax} members`);
    }
    if (input.clientId) existingKey = { created_by: me, client_id: input.clientId };
  }
  if (existingKey) {
    const existing = await findExisting(ctx, existingKey);
    if (existing) return { conversation: existing, created: false };
  }
  await requireUsersExist(ctx.storage.read, others);
  await assertNotBlocked(ctx.storage.read, me, others);

  const id = newId();
  const now = nowIso();
  const memberIds = [me, ...others];
  const row = {
    id,
    kind: input.kind,
    title: input.kind === 'group' ? input.title : null,
    created_by: me,
    created_at: now,
    last_seq: 1,
    last_activity_at: now,
    direct_key: 'direct_key' in (existingKey ?? {}) ? (existingKey as { direct_key: string }).direct_key : null,
    member_count: memberIds.length,
    client_id: input.kind === 'group' ? (input.clientId ?? null) : null,
    encryption: input.encryption ?? 'none',
  };
  try {
    const { value } = await ctx.storage.write(
      async (tx) => {
        await tx.db.insertInto('conversations').values(row).execute();
        // A secret chat's MLS group starts at epoch 0, created by the creator's device (modules/mls).
        if (row.encryption === 'mls') {
          await tx.db
            .insertInto('mls_groups')
            .values({ conversation_id: id, epoch: 0, creator_device_id: auth.deviceId })
            .execute();
        }
        const members = memberIds.map((userId) => ({
          conversation_id: id,
          user_id: userId,
          role: input.kind === 'group' && userId === me ? ('owner' as const) : ('member' as const),
          joined_at: now,
          joined_seq: 1,
        }));
        for (let i = 0; i < members.length; i += BATCH_ROWS) {
          await tx.db
            .insertInto('members')
            .values(members.slice(i, i + BATCH_ROWS))
            .execute();
        }
        const conversation = await loadConversation(tx.db, id);
        await tx.append(
          { type: 'conversation.created', at: now, conversationId: id, seq: 1, conversation },
          { conversationId: id, seq: 1 },
        );
        return conversation;
      },
      { lock: [`conv:${id}`] },
    );
    return { conversation: value, created: true };
  } catch (e) {
    if (isUniqueViolation(e) && existingKey) {
      const existing = await findExisting(ctx, existingKey);
      if (existing) return { conversation: existing, created: false };
    }
    throw e;
  }
}
