// Conversations: direct chats (one per pair of users) and groups.
import { z } from 'zod';
import { ClientId, Id, QueryInt, Timestamp } from './common.js';
import { LIMITS } from './limits.js';
import { ConversationEncryption } from './mls.js';

export const ConversationKind = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof ConversationKind>;
export const MemberRole = z.enum(['owner', 'admin', 'member']);
export type MemberRole = z.infer<typeof MemberRole>;

export const Conversation = z
  .object({
    id: Id,
    kind: ConversationKind,
    title: z.string().nullable(),
    createdBy: Id,
    createdAt: Timestamp,
    /** Seq of the latest change; the next change takes lastSeq + 1. */
    lastSeq: z.number().int().nonnegative(),
    lastActivityAt: Timestamp,
    /** The two users of a direct chat; empty for groups (page GET /v1/conversations/:id/members). */
    memberIds: z.array(Id),
    memberCount: z.number().int().nonnegative(),
    description: z.string().nullable(),
    /** Where members GET the group's avatar; null when it has none. */
    avatarUrl: z.string().nullable(),
    /** Only admins and the owner may send. */
    announcementsOnly: z.boolean(),
    /** The group's owner; null for direct chats and for an empty group. */
    ownerId: Id.nullable(),
    /** The group's admins besides the owner, longest-standing first (at most LIMITS.groupAdminsMax). */
    adminIds: z.array(Id),
    /** Disappearing-messages timer in seconds, null when off. */
    disappearAfterSeconds: z.number().int().positive().nullable(),
    /** `mls`: a secret chat, end-to-end encrypted (its timeline is in /mls/messages); `none`: a cloud chat. */
    encryption: ConversationEncryption,
  })
  .meta({ id: 'Conversation' });
export type Conversation = z.infer<typeof Conversation>;

export const Member = z
  .object({ userId: Id, role: MemberRole, joinedAt: Timestamp, joinedSeq: z.number().int() })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof Member>;

export const CreateConversationRequest = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('direct'),
      memberIds: z.array(Id).length(1, 'a direct chat names exactly one other user'),
      /** `mls` starts a secret chat (one per pair, separate from the cloud chat). */
      encryption: ConversationEncryption.optional(),
    }),
    z.strictObject({
      kind: z.literal('group'),
      title: z.string().trim().min(1).max(LIMITS.titleMax),
      memberIds: z.array(Id).max(LIMITS.groupMembersMax * 2),
      clientId: ClientId.optional(),
      /** `mls` makes a secret group. */
      encryption: ConversationEncryption.optional(),
    }),
  ])
  .meta({ id: 'CreateConversationRequest' });
export type CreateConversationRequest = z.infer<typeof CreateConversationRequest>;

export const ConversationResponse = z.object({ conversation: Conversation }).meta({ id: 'ConversationResponse' });
export type ConversationResponse = z.infer<typeof ConversationResponse>;

export const MemberListQuery = z.strictObject({
  /** The last userId of the previous page; members are ordered by userId. */
  after: Id.optional(),
  limit: QueryInt(1, LIMITS.pageMax).default(LIMITS.pageMax),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

export const MemberListResponse = z
  .object({
    members: z.array(Member),
    /** Pass as `after` for the next page; null on the last page. */
    nextAfter: Id.nullable(),
  })
  .meta({ id: 'MemberListResponse' });
export type MemberListResponse = z.infer<typeof MemberListResponse>;
