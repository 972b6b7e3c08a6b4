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
  const [group, setGroup] = useState<string>(EMOJI_GROUPS[0] ?? '');
  const recent = useMemo(() => recentEmoji(), []);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);
  // One category at a time (or the search results): a few hundred buttons, not thousands.
  const shown = useMemo(
    () => (query.trim() ? searchEmoji(query) : EMOJI.filter((e) => e.group === group)),
    [query, group],
  );

  const pick = (emoji: string) => {
    rememberEmoji(emoji);
    onPick(emoji);
  };
  const label = useMemo(() => new Map(EMOJI.map((e) => [e.emoji, e.label])), []);
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
              aria-pressed={!query.trim() && group === g}
              title={t.categories[g] ?? g}
              onClick={() => {
                setQuery('');
                setGroup(g);
              }}
            >
              {first?.emoji}
            </button>
          );
        })}
      </div>
      <div className="emoji-scroll">
        {!query.trim() && recent.length > 0 && (
          <>
            <h3>{t.recent}</h3>
            {grid(
              recent.map((emoji) => ({ emoji, label: label.get(emoji) ?? emoji })),
              t.recent,
            )}
          </>
        )}
        {!query.trim() && <h3>{t.categories[group] ?? group}</h3>}
        {shown.length === 0 ? (
          <p className="placeholder">{t.noResults}</p>
        ) : (
          grid(shown, query.trim() ? t.search : (t.categories[group] ?? group))
        )}
      </div>
    </div>
  );
}
