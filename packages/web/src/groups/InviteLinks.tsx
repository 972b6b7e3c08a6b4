// A group's invite links (admins and owner): create one with an expiry and a maximum number of
// uses, copy it, see the active ones with their uses, revoke.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Invite } from '@anytime/protocol';
import { formatWhen } from '../app/format-time.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import { EXPIRY_CHOICES, inviteLink, readInviteForm, type ExpiryChoice } from './invite-form.js';

export function InviteLinks({ conversationId }: { conversationId: string }) {
  const client = useClient();
  const id = useId();
  const t = strings.invites;
  const [invites, setInvites] = useState<readonly Invite[] | null>(null);
  const [expiry, setExpiry] = useState<ExpiryChoice>('week');
  const [maxUses, setMaxUses] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.api('listInvites', { params: { id: conversationId } }).then(
      (r) => live && setInvites(r.invites),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, conversationId]);

  async function create(e: FormEvent) {
    e.preventDefault();
    const form = readInviteForm(expiry, maxUses);
    if (!form.ok) return setError(form.error);
    setError(null);
    try {
      const { invite } = await client.api('createInvite', {
        params: { id: conversationId },
        body: { ...form.body, clientId: crypto.randomUUID() },
      });
      setInvites((list) => [invite, ...(list ?? [])]);
      setMaxUses('');
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function revoke(code: string) {
    setError(null);
    try {
      await client.api('revokeInvite', { params: { id: conversationId, code } });
      setInvites((list) => list?.filter((i) => i.code !== code) ?? null);
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function copy(code: string) {
    try {
      await navigator.clipboard.writeText(inviteLink(code));
      setCopied(code);
    } catch {
      setError(t.copyFailed);
    }
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t.heading}</h3>
      <form className="invite-form" onSubmit={(e) => void create(e)} noValidate>
        <label>
          <span>{t.expiry}</span>
          <select value={expiry} onChange={(e) => setExpiry(e.target.value as ExpiryChoice)}>
            {EXPIRY_CHOICES.map((c) => (
              <option key={c} value={c}>
                {t.expiries[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.maxUses}</span>
          <input
            inputMode="numeric"
            value={maxUses}
            placeholder={t.unlimited}
            onChange={(e) => setMaxUses(e.target.value)}
          />
        </label>
        <button type="submit">{t.create}</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {invites && invites.length === 0 && <p className="placeholder">{t.none}</p>}
      <ul className="plain-list invite-list" aria-label={t.listLabel}>
        {(invites ?? []).map((inv) => (
          <li key={inv.code}>
            <span>
              <code className="invite-link">{inviteLink(inv.code)}</code>
              <small className="hint">
                {' '}
                {t.uses(inv.uses, inv.maxUses)}
                {inv.expiresAt ? ` · ${t.expires(formatWhen(inv.expiresAt))}` : ''}
              </small>
            </span>
            <span>
              <button type="button" onClick={() => void copy(inv.code)}>
                {copied === inv.code ? t.copied : t.copy}
              </button>{' '}
              <button type="button" onClick={() => void revoke(inv.code)}>
                {t.revoke}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
