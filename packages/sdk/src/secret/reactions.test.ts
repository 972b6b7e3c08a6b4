import { describe, expect, it } from 'vitest';
import { ReactionBook } from './reactions.js';

describe('ReactionBook', () => {
  it('keeps the latest reaction per user by seq; null takes it back; older ones never win', () => {
    const book = new ReactionBook();
    expect(book.apply('m1', 'alice', '👍', 5)).toBe(true);
    expect(book.apply('m1', 'bob', '❤️', 6)).toBe(true);
    expect(book.of('m1')).toEqual([
      { userId: 'alice', emoji: '👍' },
      { userId: 'bob', emoji: '❤️' },
    ]);
    expect(book.apply('m1', 'alice', '😂', 7)).toBe(true);
    expect(book.apply('m1', 'alice', '👎', 4)).toBe(false); // an older one, from the archive
    expect(book.of('m1')).toEqual([
      { userId: 'alice', emoji: '😂' },
      { userId: 'bob', emoji: '❤️' },
    ]);
    expect(book.apply('m1', 'bob', null, 8)).toBe(true);
    expect(book.apply('m1', 'bob', '❤️', 6)).toBe(false); // the removal is newer
    expect(book.of('m1')).toEqual([{ userId: 'alice', emoji: '😂' }]);
    book.forget('m1');
    expect(book.of('m1')).toEqual([]);
    expect(book.of('unknown')).toEqual([]);
  });
});
