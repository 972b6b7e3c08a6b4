// Checks the sign-in / sign-up form before it is sent, with the same rules as the server.
import { LIMITS, USERNAME_PATTERN } from '@anytime/protocol';
import { strings } from '../strings.js';

export type AuthMode = 'signIn' | 'signUp';

export interface Credentials {
  username: string;
  password: string;
  displayName: string;
}

/** The problem with the form, or null when it may be sent. */
export function credentialsProblem(mode: AuthMode, c: Credentials): string | null {
  const username = c.username.trim().toLowerCase();
  if (!username || !c.password) return strings.auth.missingFields;
  if (mode === 'signIn') return null;
  if (!USERNAME_PATTERN.test(username)) return strings.auth.badUsername;
  if (c.password.length < LIMITS.passwordMin) return strings.auth.shortPassword;
  return null;
}
