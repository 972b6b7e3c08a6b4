// Group management on the wire: members and roles, settings, invite links.
import { z } from 'zod';
import { ClientId, Id, Timestamp } from './common.js';
import { LIMITS } from './limits.js';

export const AddMembersRequest = z
  .strictObject({ userIds: z.array(Id).min(1).max(LIMITS.membersAddMax) })
  .meta({ id: 'AddMembersRequest' });
export type AddMembersRequest = z.infer<typeof AddMembersRequest>;

export const MemberParams = z.object({ id: Id, userId: Id });

export const SetRoleRequest = z.strictObject({ role: z.enum(['admin', 'member']) }).meta({ id: 'SetRoleRequest' });
export type SetRoleRequest = z.infer<typeof SetRoleRequest>;

export const TransferOwnershipRequest = z.strictObject({ userId: Id }).meta({ id: 'TransferOwnershipRequest' });
export type TransferOwnershipRequest = z.infer<typeof TransferOwnershipRequest>;

export const UpdateConversationRequest = z
  .strictObject({
    title: z.string().trim().min(1).max(LIMITS.titleMax).optional(),
    /** An empty string clears it. */
    description: z.string().trim().max(LIMITS.descriptionMax).optional(),
    announcementsOnly: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'name at least one field' })
  .meta({ id: 'UpdateConversationRequest' });
export type UpdateConversationRequest = z.infer<typeof UpdateConversationRequest>;

export const Invite = z
  .object({
    code: z.string(),
    conversationId: Id,
    createdBy: Id,
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    maxUses: z.number().int().positive().nullable(),
    uses: z.number().int().nonnegative(),
    revoked: z.boolean(),
  })
  .meta({ id: 'Invite' });
export type Invite = z.infer<typeof Invite>;

export const CreateInviteRequest = z
  .strictObject({
    /** Seconds from now until the link stops working; none: never expires. */
    expiresInSeconds: z
      .number()
      .int()
      .min(60)
      .max(366 * 24 * 3600)
      .optional(),
    /** How many people may join with it; none: no limit. */
    maxUses: z.number().int().min(1).max(LIMITS.groupMembersMax).optional(),
    /** Makes the create idempotent: the same clientId again returns the same invite. */
    clientId: ClientId.optional(),
  })
  .meta({ id: 'CreateInviteRequest' });
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;

export const InviteResponse = z.object({ invite: Invite }).meta({ id: 'InviteResponse' });
export const InviteListResponse = z.object({ invites: z.array(Invite) }).meta({ id: 'InviteListResponse' });
export const InviteParams = z.object({ id: Id, code: Id });
export const InviteCodeParams = z.object({ code: Id });

/** What anyone holding a working link sees before joining. */
export const InvitePreview = z
  .object({
    conversationId: Id,
    title: z.string().nullable(),
    description: z.string().nullable(),
    memberCount: z.number().int().nonnegative(),
  })
  .meta({ id: 'InvitePreview' });
export const InvitePreviewResponse = z.object({ preview: InvitePreview }).meta({ id: 'InvitePreviewResponse' });
export type InvitePreview = z.infer<typeof InvitePreview>;
