// The user's own profile and account: display name and about, the devices signed in (this one
// marked, last active, sign out the others), and sign out here.
import { useEffect, useState, type FormEvent } from 'react';
import { LIMITS, type Device, type User } from '@anytime/protocol';
import { Panel } from '../app/Panel.js';
import { formatWhen } from '../app/format-time.js';
import { TextField } from '../app/TextField.js';
import { AvatarControl } from '../avatar/AvatarControl.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import '../settings/settings.css';

export interface ProfilePanelProps {
  me: User;
  onClose: () => void;
  onSignOut: () => Promise<void>;
}

export function ProfilePanel({ me, onClose, onSignOut }: ProfilePanelProps) {
  const client = useClient();
  const t = strings.profile;
  const [displayName, setDisplayName] = useState(me.displayName);
  const [about, setAbout] = useState(me.about);
  // The answer to an upload or removal, until `me` catches up through user.updated.
  const [avatar, setAvatar] = useState<{ from: string | null; url: string | null } | null>(null);
  const avatarUrl = avatar && avatar.from === me.avatarUrl ? avatar.url : me.avatarUrl;
  const [saved, setSaved] = useState(false);
  const [devices, setDevices] = useState<readonly Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.api('listDevices').then(
      (r) => live && setDevices(r.devices),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const name = displayName.trim();
    if (!name) return setError(t.nameRequired);
    try {
      await client.api('updateMe', { body: { displayName: name, about: about.trim() } });
      setSaved(true);
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function revoke(id: string) {
    setError(null);
    try {
      await client.api('revokeDevice', { params: { id } });
      setDevices((ds) => ds?.filter((d) => d.id !== id) ?? null);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Panel heading={t.heading} onClose={onClose} error={error}>
      <AvatarControl
        name={me.displayName}
        url={avatarUrl}
        upload={async (bytes) => {
          const { user } = await client.api('setMyAvatar', { body: bytes });
          setAvatar({ from: me.avatarUrl, url: user.avatarUrl });
        }}
        remove={async () => {
          const { user } = await client.api('deleteMyAvatar');
          setAvatar({ from: me.avatarUrl, url: user.avatarUrl });
        }}
      />
      <form onSubmit={(e) => void save(e)} className="stack">
        <p>
          <strong>@{me.username}</strong>
        </p>
        <TextField
          label={strings.auth.displayName}
          value={displayName}
          maxLength={LIMITS.displayNameMax}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <TextField label={t.about} value={about} onChange={(e) => setAbout(e.target.value)} />
        <div>
          <button type="submit" className="primary">
            {t.save}
          </button>
          {saved && (
            <span role="status" className="saved">
              {' '}
              {t.saved}
            </span>
          )}
        </div>
      </form>
      <section aria-labelledby="devices-heading">
        <h3 id="devices-heading">{t.devices}</h3>
        {devices === null ? (
          <p className="placeholder">{strings.loading}</p>
        ) : (
          <ul className="plain-list">
            {devices.map((d) => (
              <li key={d.id}>
                <span>
                  {d.name}
                  {d.current ? ` · ${t.thisDevice}` : ''}
                  <small className="hint"> {t.lastActive(formatWhen(d.lastSeenAt))}</small>
                </span>
                {!d.current && (
                  <button type="button" onClick={() => void revoke(d.id)} aria-label={t.revokeName(d.name)}>
                    {t.revoke}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div>
        <button type="button" onClick={() => void onSignOut()}>
          {strings.auth.signOut}
        </button>
      </div>
    </Panel>
  );
}
