// The invite-link form's fields checked before sending: expiry from a fixed list, max uses a
// whole number within the protocol's bounds (empty: no limit).
import { LIMITS, type CreateInviteRequest } from '@anytime/protocol';
import { strings } from '../strings.js';

export const EXPIRY_CHOICES = ['never', 'hour', 'day', 'week'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
const SECONDS: Record<Exclude<ExpiryChoice, 'never'>, number> = { hour: 3600, day: 86_400, week: 604_800 };

export type InviteFormResult = { ok: true; body: CreateInviteRequest } | { ok: false; error: string };

export function readInviteForm(expiry: ExpiryChoice, maxUses: string): InviteFormResult {
  const body: CreateInviteRequest = {};
  if (expiry !== 'never') body.expiresInSeconds = SECONDS[expiry];
  const uses = maxUses.trim();
  if (uses) {
    if (!/^\d+$/.test(uses)) return { ok: false, error: strings.invites.badMaxUses(LIMITS.groupMembersMax) };
    const n = Number(uses);
    if (n < 1 || n > LIMITS.groupMembersMax) {
      return { ok: false, error: strings.invites.badMaxUses(LIMITS.groupMembersMax) };
    }
    body.maxUses = n;
  }
  return { ok: true, body };
}

/** The link people open to join: this app's address with #/join/<code>. */
export const inviteLink = (code: string, origin: string = location.origin) =>
  `${origin}/#/join/${encodeURIComponent(code)}`;
