// Who a sealed message must be sealed to: every device, with a key bundle in the directory
// (modules/keys) and not revoked, of every current member of the conversation, the sender's own
// other devices included. The sending device may seal to itself or not.
import type { Kysely } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';

export interface RecipientDevice {
  userId: string;
  deviceId: string;
}

export async function recipientDevices(db: Kysely<DB>, conversationId: string): Promise<RecipientDevice[]> {
  const rows = await db
    .selectFrom('members')
    .innerJoin('device_keys', 'device_keys.user_id', 'members.user_id')
    .innerJoin('devices', 'devices.id', 'device_keys.device_id')
    .select(['device_keys.user_id', 'device_keys.device_id'])
    .where('members.conversation_id', '=', conversationId)
    .where('devices.revoked_at', 'is', null)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, deviceId: r.device_id }));
}

/**
 * Checks the envelopes' devices against the recipients: every recipient device must have one
 * (the sending device may be left out), and none may be for another device. Returns each
 * envelope's user. Refuses with sealed_recipients_changed, naming what differs, so the client
 * refetches the keys and seals again.
 */
export function matchRecipients(
  expected: readonly RecipientDevice[],
  envelopeDevices: readonly string[],
  sendingDeviceId: string,
): Map<string, string> {
  const byDevice = new Map(expected.map((d) => [d.deviceId, d.userId]));
  const unknown = envelopeDevices.filter((d) => !byDevice.has(d));
  const given = new Set(envelopeDevices);
  const missing = expected.filter((d) => d.deviceId !== sendingDeviceId && !given.has(d.deviceId));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      missing.length > 0
        ? `missing envelopes for ${missing.length} device(s): ${missing.map((d) => d.deviceId).join(', ')}`
        : '',
      unknown.length > 0 ? `envelopes for devices that are not recipients: ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    throw new ApiError('sealed_recipients_changed', `${parts.join('; ')}; refetch the keys and seal again`);
  }
  return new Map(envelopeDevices.map((d) => [d, byDevice.get(d)!]));
}
