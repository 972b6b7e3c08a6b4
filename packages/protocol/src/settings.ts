// A user's privacy and notification settings, the same on every device.
import { z } from 'zod';

export const Visibility = z.enum(['everyone', 'contacts', 'nobody']);
export type Visibility = z.infer<typeof Visibility>;

export const UserSettings = z
  .object({
    /** Off: the user sends no read receipts and sees nobody's (symmetric, as WhatsApp does). */
    readReceipts: z.boolean(),
    /** Who sees the user online and their last-seen time. */
    lastSeen: Visibility,
    /** Off: push notifications say "New message" without sender or text. */
    notificationPreviews: z.boolean(),
  })
  .meta({ id: 'UserSettings' });
export type UserSettings = z.infer<typeof UserSettings>;

export const DEFAULT_SETTINGS: UserSettings = { readReceipts: true, lastSeen: 'everyone', notificationPreviews: true };

export const UpdateSettingsRequest = z
  .strictObject({
    readReceipts: z.boolean().optional(),
    lastSeen: Visibility.optional(),
    notificationPreviews: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'name at least one setting' })
  .meta({ id: 'UpdateSettingsRequest' });
export type UpdateSettingsRequest = z.infer<typeof UpdateSettingsRequest>;

export const SettingsResponse = z.object({ settings: UserSettings }).meta({ id: 'SettingsResponse' });
export type SettingsResponse = z.infer<typeof SettingsResponse>;
