// What a system message in a conversation's timeline says happened ("Alice added Bob", "Bob
// left", "Alice changed the title"). A system message is a Message with `system` set and empty
// text; each one takes the conversation's next seq like any other change.
import { z } from 'zod';
import { CallSummary } from './calls.js';
import { Id } from './common.js';
import { MemberRole } from './conversations.js';

export const SystemAction = z.enum([
  /** actorId added userIds. */
  'members_added',
  /** actorId joined by an invite link (userIds: [actorId]). */
  'member_joined',
  /** actorId removed userIds[0]. */
  'member_removed',
  /** actorId left (userIds: [actorId]). */
  'member_left',
  /** actorId gave userIds[0] the role `role` (admin or member). */
  'role_changed',
  /** Ownership moved to userIds[0] (by transfer, or because the owner left). */
  'owner_changed',
  /** actorId changed the fields named in `fields`. */
  'conversation_updated',
  /** A call ended: `call` says how (actorId is the caller). */
  'call',
]);
export type SystemAction = z.infer<typeof SystemAction>;

export const ConversationField = z.enum(['title', 'description', 'avatar', 'announcementsOnly']);
export type ConversationField = z.infer<typeof ConversationField>;

export const SystemInfo = z
  .object({
    action: SystemAction,
    actorId: Id,
    /** The users the action is about (added, removed, promoted...); empty when none. */
    userIds: z.array(Id),
    /** role_changed: the new role. */
    role: MemberRole.nullable(),
    /** conversation_updated: which fields changed, with the new title / mode when they did. */
    fields: z.array(ConversationField),
    title: z.string().nullable(),
    announcementsOnly: z.boolean().nullable(),
    /** action call: the outcome and length of the call. */
    call: CallSummary.nullable().optional(),
  })
  .meta({ id: 'SystemInfo' });
export type SystemInfo = z.infer<typeof SystemInfo>;
