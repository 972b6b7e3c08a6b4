// Web Push: the server's VAPID public key and the push subscription of the calling device.
import { z } from 'zod';

/** Base64url without padding, as browsers give PushSubscription keys. */
const B64Url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

export const VapidKeyResponse = z
  .object({ publicKey: z.string().meta({ description: 'applicationServerKey for PushManager.subscribe' }) })
  .meta({ id: 'VapidKeyResponse' });
export type VapidKeyResponse = z.infer<typeof VapidKeyResponse>;

export const PushSubscriptionRequest = z
  .strictObject({
    endpoint: z
      .url({ protocol: /^https?$/, error: 'endpoint must be an http(s) URL' })
      .max(2048, 'endpoint must be at most 2048 characters'),
    keys: z.strictObject({
      /** The device's P-256 public key, uncompressed point (65 bytes -> 87 characters). */
      p256dh: B64Url(87, 88),
      /** The 16-byte auth secret (22 characters). */
      auth: B64Url(22, 24),
    }),
  })
  .meta({ id: 'PushSubscriptionRequest' });
export type PushSubscriptionRequest = z.infer<typeof PushSubscriptionRequest>;

/** What a push message carries (JSON, encrypted per RFC 8291); without previews only `title`. */
export const PushPayload = z
  .object({
    /** message: a new message (also "Missed call", a call's system message); call: an incoming call. */
    type: z.enum(['message', 'call']),
    conversationId: z.string(),
    /** message pushes only. */
    messageId: z.string().optional(),
    seq: z.number().int().optional(),
    /** call pushes only: the ringing call (answer it over the socket once the app is open). */
    callId: z.string().optional(),
    title: z.string(),
    /** Present only when the recipient has notification previews on. */
    senderId: z.string().optional(),
    body: z.string().optional(),
  })
  .meta({ id: 'PushPayload' });
export type PushPayload = z.infer<typeof PushPayload>;
