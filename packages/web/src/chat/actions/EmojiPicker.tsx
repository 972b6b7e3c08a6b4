// Any emoji: searchable by name and tags, by category, recently used first. Loaded lazily
// (LazyEmojiPicker) because the emoji list is large.
import { useEffect, useMemo, useRef, useState } from 'react';
import { strings } from '../../strings.js';
import { EMOJI, EMOJI_GROUPS, searchEmoji } from './emoji-data.js';
import { recentEmoji, rememberEmoji } from './recent-emoji.js';

export interface EmojiPickerProps {
  onPick: (emoji: string) => void;
}

export default function EmojiPicker({ onPick }: EmojiPickerProps) {
  const t = strings.emoji;
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState<string | null>(null);
  const recent = useMemo(() => recentEmoji(), []);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);
  const shown = useMemo(() => {
    if (query.trim()) return searchEmoji(query);
    if (group) return EMOJI.filter((e) => e.group === group);
    return null;
  }, [query, group]);

  const pick = (emoji: string) => {
    rememberEmoji(emoji);
    onPick(emoji);
  };
  const label = new Map(EMOJI.map((e) => [e.emoji, e.label]));
  const grid = (list: readonly { emoji: string; label: string }[], name: string) => (
    <div className="emoji-grid" role="group" aria-label={name}>
      {list.map((e) => (
        <button
          key={e.emoji}
          type="button"
          className="emoji"
          aria-label={e.label}
          title={e.label}
          onClick={() => pick(e.emoji)}
        >
          {e.emoji}
        </button>
      ))}
    </div>
  );

  return (
    <div className="emoji-picker">
      <input
        type="search"
        className="emoji-search"
        aria-label={t.search}
        placeholder={t.search}
        value={query}
        ref={search}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="emoji-tabs" role="toolbar" aria-label={t.pickerLabel}>
        {EMOJI_GROUPS.map((g) => {
          const first = EMOJI.find((e) => e.group === g);
          return (
            <button
              key={g}
              type="button"
              aria-label={t.categories[g] ?? g}
              aria-pressed={group === g}
              title={t.categories[g] ?? g}
              onClick={() => {
                setQuery('');
                setGroup(group === g ? null : g);
              }}
            >
              {first?.emoji}
            </button>
          );
        })}
      </div>
      <div className="emoji-scroll">
        {shown === null ? (
          <>
            {recent.length > 0 && (
              <>
                <h3>{t.recent}</h3>
                {grid(
                  recent.map((emoji) => ({ emoji, label: label.get(emoji) ?? emoji })),
                  t.recent,
                )}
              </>
            )}
            {EMOJI_GROUPS.map((g) => (
              <section key={g}>
                <h3>{t.categories[g] ?? g}</h3>
                {grid(
                  EMOJI.filter((e) => e.group === g),
                  t.categories[g] ?? g,
                )}
              </section>
            ))}
          </>
        ) : shown.length === 0 ? (
          <p className="placeholder">{t.noResults}</p>
        ) : (
          grid(shown, query.trim() ? t.search : (t.categories[group ?? ''] ?? ''))
        )}
      </div>
    </div>
  );
}
