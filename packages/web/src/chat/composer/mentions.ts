// @mentions in the composer: which word is being typed after "@", putting the picked name in,
// and the entities the protocol wants. Offsets and lengths are UTF-16 code units (the protocol's
// unit, see message-parts.ts), which is what JavaScript string indexes already count.
import type { MessageEntity } from '@anytime/protocol';

/** A person (or everyone) that can be mentioned, as offered by the autocomplete. */
export interface MentionCandidate {
  /** A user id, or null for @all. */
  userId: string | null;
  name: string;
  username?: string;
}

/** A mention the user picked: its text in the composer and who it names. */
export interface PickedMention {
  text: string;
  userId: string | null;
}

/** The "@query" just before the caret, if the caret is at the end of one. */
export function activeMention(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([^\s@]{0,32})$/u.exec(before);
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/** Candidates whose name or username starts (a word) with the query, case-insensitively. */
export function matchCandidates(all: readonly MentionCandidate[], query: string, max = 8): MentionCandidate[] {
  const q = query.toLocaleLowerCase();
  const hit = (s: string | undefined) =>
    s !== undefined &&
    s
      .toLocaleLowerCase()
      .split(/\s+/u)
      .some((w) => w.startsWith(q));
  return all.filter((c) => q === '' || hit(c.name) || hit(c.username)).slice(0, max);
}

/** Replaces "@query" at `start` with "@Name " and returns the new text, caret and mention. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  candidate: MentionCandidate,
): { text: string; caret: number; mention: PickedMention } {
  const mentionText = `@${candidate.name}`;
  const next = `${text.slice(0, start)}${mentionText} ${text.slice(caret)}`;
  return {
    text: next,
    caret: start + mentionText.length + 1,
    mention: { text: mentionText, userId: candidate.userId },
  };
}

/**
 * The entities of the text for the mentions picked while writing it: every place where a picked
 * "@Name" still stands (not inside a longer word), in text order, without overlaps. A mention
 * edited away simply no longer matches.
 */
export function mentionEntities(text: string, picked: readonly PickedMention[]): MessageEntity[] {
  const found: MessageEntity[] = [];
  const unique = new Map(picked.map((p) => [p.text, p]));
  // Longer names first, so "@Ann Lee" wins over "@Ann" at the same place.
  const byLength = [...unique.values()].sort((a, b) => b.text.length - a.text.length);
  const taken: [number, number][] = [];
  for (const p of byLength) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(p.text, from);
      if (at < 0) break;
      from = at + p.text.length;
      const end = at + p.text.length;
      const before = at === 0 ? '' : text.slice(at - 1, at);
      const after = text.slice(end, end + 1);
      if ((before !== '' && !/\s/u.test(before)) || /[\p{L}\p{N}_]/u.test(after)) continue;
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      taken.push([at, end]);
      found.push(
        p.userId === null
          ? { type: 'mention_all', offset: at, length: p.text.length }
          : { type: 'mention', userId: p.userId, offset: at, length: p.text.length },
      );
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Mentions back from a message's entities (to edit a message that has some). */
export function mentionsOf(text: string, entities: readonly MessageEntity[]): PickedMention[] {
  return entities.map((e) => ({
    text: text.slice(e.offset, e.offset + e.length),
    userId: e.type === 'mention' ? e.userId : null,
  }));
}
