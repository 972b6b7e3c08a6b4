// Reports to moderators: a user and/or messages, with a copy of each referenced message (text,
// sender, time) taken when reported, so the evidence survives later edits and deletes. Only
// messages the reporter can see may be referenced (member, and sent after they joined).
// Moderators read reports with `npm run reports -w packages/server` (see docs/operations.md).
import type { ReportRequest } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { DB } from '../../storage/schema.js';
import { isUniqueViolation } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { addBlock } from './blocks.js';
import { requireOtherUser } from './users-exist.js';

/** The referenced messages as the reporter can see them; not_found if any is not visible. */
async function visibleMessages(db: Kysely<DB>, userId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('members as mb', (j) =>
      j.onRef('mb.conversation_id', '=', 'm.conversation_id').on('mb.user_id', '=', userId),
    )
    .select(['m.id', 'm.conversation_id', 'm.seq', 'm.sender_id', 'm.text', 'm.created_at'])
    .where('m.id', 'in', unique)
    .whereRef('m.seq', '>=', 'mb.joined_seq')
    .execute();
  if (rows.length !== unique.length) throw new ApiError('not_found', 'no such message');
  return rows;
}

export interface ReportResult {
  report: { id: string; createdAt: string };
  /** false when the clientId was seen before and the original is returned. */
  created: boolean;
}

async function findByClientId(db: Kysely<DB>, reporterId: string, clientId: string) {
  const row = await db
    .selectFrom('reports')
    .select(['id', 'created_at'])
    .where('reporter_id', '=', reporterId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? { report: { id: row.id, createdAt: row.created_at }, created: false } : undefined;
}

export async function createReport(ctx: AppContext, auth: AuthContext, input: ReportRequest): Promise<ReportResult> {
  const repeat = await findByClientId(ctx.storage.read, auth.userId, input.clientId);
  if (repeat) return repeat;
  const messages = input.messageIds ? await visibleMessages(ctx.storage.read, auth.userId, input.messageIds) : [];
  const senders = [...new Set(messages.map((m) => m.sender_id))];
  const reported = input.userId ?? (senders.length === 1 && senders[0] !== auth.userId ? senders[0]! : null);
  if (reported) await requireOtherUser(ctx.storage.read, auth.userId, reported);
  if (input.block && !reported) {
    throw new ApiError('self_target', 'name the user to block: the messages are not from one other user');
  }
  const id = newId();
  const now = nowIso();
  try {
    await ctx.storage.write(
      async (tx) => {
        await tx.db
          .insertInto('reports')
          .values({
            id,
            reporter_id: auth.userId,
            client_id: input.clientId,
            reported_user_id: reported,
            reason: input.reason,
            comment: input.comment ?? '',
            blocked: input.block ? 1 : 0,
            created_at: now,
          })
          .execute();
        if (messages.length > 0) {
          await tx.db
            .insertInto('report_messages')
            .values(
              messages.map((m) => ({
                report_id: id,
                message_id: m.id,
                conversation_id: m.conversation_id,
                seq: m.seq,
                sender_id: m.sender_id,
                text: m.text,
                sent_at: m.created_at,
              })),
            )
            .execute();
        }
        if (input.block && reported) await addBlock(tx, auth.userId, reported);
      },
      { lock: [`user:${auth.userId}`] },
    );
  } catch (e) {
    // The same clientId raced in: the one that committed first is the report.
    const original = isUniqueViolation(e)
      ? (await ctx.storage.write((tx) => findByClientId(tx.db, auth.userId, input.clientId))).value
      : undefined;
    if (original) return original;
    throw e;
  }
  return { report: { id, createdAt: now }, created: true };
}

export interface StoredReport {
  id: string;
  createdAt: string;
  reporterId: string;
  reportedUserId: string | null;
  reason: string;
  comment: string;
  blocked: boolean;
  messages: {
    messageId: string;
    conversationId: string;
    seq: number;
    senderId: string;
    text: string;
    sentAt: string;
  }[];
}

/** Reports newest first, with their message copies (for the moderators' CLI). */
export async function listReports(db: Kysely<DB>, limit: number): Promise<StoredReport[]> {
  const reports = await db.selectFrom('reports').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  if (reports.length === 0) return [];
  const copies = await db
    .selectFrom('report_messages')
    .selectAll()
    .where(
      'report_id',
      'in',
      reports.map((r) => r.id),
    )
    .orderBy('seq')
    .execute();
  return reports.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    reporterId: r.reporter_id,
    reportedUserId: r.reported_user_id,
    reason: r.reason,
    comment: r.comment,
    blocked: r.blocked === 1,
    messages: copies
      .filter((c) => c.report_id === r.id)
      .map((c) => ({
        messageId: c.message_id,
        conversationId: c.conversation_id,
        seq: c.seq,
        senderId: c.sender_id,
        text: c.text,
        sentAt: c.sent_at,
      })),
  }));
}
