// The invite-link form: expiry choices become seconds, max uses must be a whole number in range.
import { LIMITS } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import { strings } from '../strings.js';
import { inviteLink, readInviteForm } from './invite-form.js';

const bad = { ok: false, error: strings.invites.badMaxUses(LIMITS.groupMembersMax) };

describe('readInviteForm', () => {
  it('turns the choices into a request', () => {
    expect(readInviteForm('never', '')).toEqual({ ok: true, body: {} });
    expect(readInviteForm('hour', ' 5 ')).toEqual({ ok: true, body: { expiresInSeconds: 3600, maxUses: 5 } });
    expect(readInviteForm('day', '')).toEqual({ ok: true, body: { expiresInSeconds: 86_400 } });
    expect(readInviteForm('week', String(LIMITS.groupMembersMax))).toEqual({
      ok: true,
      body: { expiresInSeconds: 604_800, maxUses: LIMITS.groupMembersMax },
    });
  });

  it('refuses a max uses that is not a whole number from 1 to the group limit', () => {
    for (const v of ['0', '-1', '2.5', 'ten', '1e3', String(LIMITS.groupMembersMax + 1)]) {
      expect(readInviteForm('never', v)).toEqual(bad);
    }
  });

  it('builds the join link from the app address', () => {
    expect(inviteLink('abc_123', 'https://chat.example')).toBe('https://chat.example/#/join/abc_123');
  });
});
