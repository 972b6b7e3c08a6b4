// The emoji list for the picker, from emojibase-data (bundled from the npm package, loaded only
// when a picker first opens so it stays out of the initial bundle).
import compact from 'emojibase-data/en/compact.json' with { type: 'json' };

export interface EmojiEntry {
  emoji: string;
  label: string;
  /** Lower-case words to search: the label and the tags. */
  search: string;
  group: string;
}

/** emojibase group numbers; 2 (skin-tone and hair components) is not offered. */
const GROUPS: Record<number, string> = {
  0: 'smileys-emotion',
  1: 'people-body',
  3: 'animals-nature',
  4: 'food-drink',
  5: 'travel-places',
  6: 'activities',
  7: 'objects',
  8: 'symbols',
  9: 'flags',
};

export const EMOJI_GROUPS = Object.values(GROUPS);

const RGI = new RegExp('^\\p{RGI_Emoji}$', 'v');
/**
 * The form the server accepts (exactly one RGI emoji, as protocol's Emoji checks): emojibase
 * writes some with a variation selector (👍 as U+1F44D U+FE0F) that RGI does not have, which
 * would also make a second, different reaction key for the same emoji.
 */
export function rgiForm(emoji: string): string {
  if (RGI.test(emoji)) return emoji;
  const bare = emoji.replace(/\uFE0F/gu, '');
  return RGI.test(bare) ? bare : emoji;
}

export const EMOJI: readonly EmojiEntry[] = compact
  .filter((e) => e.group !== undefined && e.group in GROUPS)
  .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
  .map((e) => ({
    emoji: rgiForm(e.unicode),
    label: e.label,
    search: [e.label, ...(e.tags ?? [])].join(' ').toLowerCase(),
    group: GROUPS[e.group ?? 0] ?? '',
  }));

export function searchEmoji(query: string): EmojiEntry[] {
  const words = query.toLowerCase().trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return [...EMOJI];
  return EMOJI.filter((e) => words.every((w) => e.search.includes(w)));
}
