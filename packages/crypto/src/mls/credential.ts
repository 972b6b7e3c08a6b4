// The MLS basic credential of a device: it names the account and the device
// (`anytime:<userId>:<deviceId>`); its signature key is the device bundle's signingKey, so the
// authentication service (auth-service.ts) can check it against the key directory.
import type { Credential } from 'ts-mls';

const PREFIX = 'anytime:';

export interface DeviceIdentity {
  userId: string;
  deviceId: string;
}

export function deviceCredential(userId: string, deviceId: string): Credential {
  if (userId.includes(':') || deviceId.includes(':')) throw new Error('ids must not contain ":"');
  return { credentialType: 'basic', identity: new TextEncoder().encode(`${PREFIX}${userId}:${deviceId}`) };
}

/** The user and device a credential names, or null when it is not one of ours. */
export function readCredential(credential: Credential): DeviceIdentity | null {
  if (credential.credentialType !== 'basic') return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(credential.identity);
  } catch {
    return null;
  }
  if (!text.startsWith(PREFIX)) return null;
  const parts = text.slice(PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { userId: parts[0], deviceId: parts[1] };
}
