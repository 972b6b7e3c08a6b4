// Contacts, blocks and reports: the user's own address book and safety tools. Contacts and
// blocks are private to the user and sync to all of their devices through user-stream events.
import { z } from 'zod';
import { ClientId, Id, Timestamp } from './common.js';

const CONTACT_NAME_MAX = 64;
const REPORT_MESSAGES_MAX = 50;
const REPORT_COMMENT_MAX = 1_000;

export const Contact = z
  .object({
    userId: Id,
    /** The name the user gave this contact; null: show the contact's own display name. */
    name: z.string().nullable(),
    addedAt: Timestamp,
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof Contact>;

export const SaveContactRequest = z
  .strictObject({
    userId: Id,
    name: z.string().trim().min(1).max(CONTACT_NAME_MAX).nullable().optional(),
  })
  .meta({ id: 'SaveContactRequest' });
export type SaveContactRequest = z.infer<typeof SaveContactRequest>;

export const ContactResponse = z.object({ contact: Contact }).meta({ id: 'ContactResponse' });
export const ContactListResponse = z.object({ contacts: z.array(Contact) }).meta({ id: 'ContactListResponse' });

export const Block = z.object({ userId: Id, blockedAt: Timestamp }).meta({ id: 'Block' });
export type Block = z.infer<typeof Block>;

export const BlockRequest = z.strictObject({ userId: Id }).meta({ id: 'BlockRequest' });
export type BlockRequest = z.infer<typeof BlockRequest>;
export const BlockListResponse = z.object({ blocks: z.array(Block) }).meta({ id: 'BlockListResponse' });

export const ReportReason = z.enum(['spam', 'harassment', 'abuse', 'illegal', 'impersonation', 'other']);

export const ReportRequest = z
  .strictObject({
    /** A repeat with the same clientId returns the original report (200) and stores nothing. */
    clientId: ClientId,
    /** The user reported; when absent, the sender of the reported messages (if they are one). */
    userId: Id.optional(),
    /** Messages as evidence: each must be one the reporter can see; the server keeps a copy. */
    messageIds: z.array(Id).min(1).max(REPORT_MESSAGES_MAX).optional(),
    reason: ReportReason,
    comment: z.string().trim().max(REPORT_COMMENT_MAX).optional(),
    /** Also block the reported user. */
    block: z.boolean().optional(),
  })
  .refine((r) => r.userId !== undefined || r.messageIds !== undefined, { message: 'name a userId or messageIds' })
  .meta({ id: 'ReportRequest' });
export type ReportRequest = z.infer<typeof ReportRequest>;

export const ReportResponse = z
  .object({ report: z.object({ id: Id, createdAt: Timestamp }) })
  .meta({ id: 'ReportResponse' });
