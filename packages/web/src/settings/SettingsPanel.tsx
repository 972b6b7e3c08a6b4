// Settings: privacy (read receipts, who sees last seen and online), notifications (hide the
// message text), the theme on this device, and the blocked users with unblock.
import { useEffect, useState } from 'react';
import type { Block, UpdateSettingsRequest, UserSettings, Visibility } from '@anytime/protocol';
import { Panel } from '../app/Panel.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import { useUsers } from '../users/use-users.js';
import { storedTheme, saveTheme, THEMES, type ThemeChoice } from './theme.js';
import './settings.css';

const VISIBILITY: readonly Visibility[] = ['everyone', 'contacts', 'nobody'];

export interface SettingsPanelProps {
  onClose: () => void;
}

export function SettingsPanel({ onClose }: SettingsPanelProps) {
  const client = useClient();
  const t = strings.settings;
  const [settings, setSettings] = useState<UserSettings | null>(null);
  const [blocks, setBlocks] = useState<readonly Block[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);
  const user = useUsers(blocks?.map((b) => b.userId) ?? []);

  useEffect(() => {
    let live = true;
    Promise.all([client.api('getSettings'), client.api('listBlocks')]).then(
      ([s, b]) => {
        if (!live) return;
        setSettings(s.settings);
        setBlocks(b.blocks);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  async function change(body: UpdateSettingsRequest) {
    setError(null);
    try {
      setSettings((await client.api('updateSettings', { body })).settings);
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function unblock(userId: string) {
    setError(null);
    try {
      await client.api('unblockUser', { params: { id: userId } });
      setBlocks((bs) => bs?.filter((b) => b.userId !== userId) ?? null);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Panel heading={t.heading} onClose={onClose} error={error}>
      {!settings ? (
        !error && <p className="placeholder">{strings.loading}</p>
      ) : (
        <>
          <fieldset>
            <legend>{t.privacy}</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={settings.readReceipts}
                onChange={(e) => void change({ readReceipts: e.target.checked })}
              />
              <span>
                {t.readReceipts}
                <small>{t.readReceiptsHint}</small>
              </span>
            </label>
            <label className="select">
              <span>{t.lastSeen}</span>
              <select
                value={settings.lastSeen}
                onChange={(e) => void change({ lastSeen: e.target.value as Visibility })}
              >
                {VISIBILITY.map((v) => (
                  <option key={v} value={v}>
                    {t.visibility[v]}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          <fieldset>
            <legend>{t.notifications}</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={!settings.notificationPreviews}
                onChange={(e) => void change({ notificationPreviews: !e.target.checked })}
              />
              <span>
                {t.hideContent}
                <small>{t.hideContentHint}</small>
              </span>
            </label>
          </fieldset>
        </>
      )}
      <fieldset>
        <legend>{t.theme}</legend>
        {THEMES.map((th) => (
          <label key={th} className="check">
            <input
              type="radio"
              name="theme"
              value={th}
              checked={theme === th}
              onChange={() => {
                setTheme(th);
                saveTheme(th);
              }}
            />
            <span>{t.themes[th]}</span>
          </label>
        ))}
      </fieldset>
      <section aria-labelledby="blocked-heading">
        <h3 id="blocked-heading">{t.blocked}</h3>
        {blocks === null ? null : blocks.length === 0 ? (
          <p className="placeholder">{t.noneBlocked}</p>
        ) : (
          <ul className="plain-list">
            {blocks.map((b) => {
              const u = user(b.userId);
              const name = u ? `${u.displayName} (@${u.username})` : b.userId;
              return (
                <li key={b.userId}>
                  <span>{name}</span>
                  <button type="button" onClick={() => void unblock(b.userId)} aria-label={t.unblockName(name)}>
                    {t.unblock}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </Panel>
  );
}
