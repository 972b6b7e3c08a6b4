// Mention offsets are UTF-16 code units (the protocol's unit): text before a mention with emoji
// and other astral or multi-byte characters shifts them by what JavaScript counts.
import { describe, expect, it } from 'vitest';
import { activeMention, insertMention, matchCandidates, mentionEntities, mentionsOf } from './mentions.js';

const ann = { userId: 'u-ann', name: 'Ann Lee', username: 'ann' };
const bo = { userId: 'u-bo', name: 'Bø', username: 'bo' };
const all = { userId: null, name: 'all', username: 'everyone' };

describe('mentions', () => {
  it('finds the @query before the caret, only at a word start', () => {
    expect(activeMention('hi @an', 6)).toEqual({ start: 3, query: 'an' });
    expect(activeMention('@', 1)).toEqual({ start: 0, query: '' });
    expect(activeMention('mail a@b', 8)).toBeNull();
    expect(activeMention('hi @ann there', 13)).toBeNull();
  });

  it('matches names and usernames by word prefix, case-insensitively', () => {
    expect(matchCandidates([ann, bo, all], 'le')).toEqual([ann]);
    expect(matchCandidates([ann, bo, all], 'BO')).toEqual([bo]);
    expect(matchCandidates([ann, bo, all], 'every')).toEqual([all]);
    expect(matchCandidates([ann, bo, all], '')).toHaveLength(3);
  });

  it('inserts "@Name " and returns the caret after it', () => {
    const r = insertMention('hey @an!', 4, 7, ann);
    expect(r.text).toBe('hey @Ann Lee !');
    expect(r.caret).toBe(13);
    expect(r.mention).toEqual({ text: '@Ann Lee', userId: 'u-ann' });
  });

  it('counts offsets in UTF-16 code units after emoji, flags and accented text', () => {
    const text = '👍🏽 🇫🇷 café @Ann Lee and @Bø, @all';
    const entities = mentionEntities(text, [
      { text: '@Ann Lee', userId: 'u-ann' },
      { text: '@Bø', userId: 'u-bo' },
      { text: '@all', userId: null },
    ]);
    // 👍🏽 is 4 code units, the flag 4, "café" 4.
    expect(entities).toEqual([
      { type: 'mention', userId: 'u-ann', offset: 15, length: 8 },
      { type: 'mention', userId: 'u-bo', offset: 28, length: 3 },
      { type: 'mention_all', offset: 33, length: 4 },
    ]);
    for (const e of entities) expect(text.slice(e.offset, e.offset + e.length)).toMatch(/^@/u);
    expect([...text.slice(0, 15)]).toHaveLength(11); // code points differ from the offset
  });

  it('drops mentions edited away or glued into a longer word, and finds repeats', () => {
    const picked = [{ text: '@Ann Lee', userId: 'u-ann' }];
    expect(mentionEntities('@Ann Leesa', picked)).toEqual([]);
    expect(mentionEntities('x@Ann Lee', picked)).toEqual([]);
    expect(mentionEntities('@Ann Lee @Ann Lee', picked).map((e) => e.offset)).toEqual([0, 9]);
    expect(mentionEntities('no mention', picked)).toEqual([]);
  });

  it('turns entities back into mentions for editing', () => {
    const text = '🙂 @Bø';
    expect(mentionsOf(text, [{ type: 'mention', userId: 'u-bo', offset: 3, length: 3 }])).toEqual([
      { text: '@Bø', userId: 'u-bo' },
    ]);
  });
});
