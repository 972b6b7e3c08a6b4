// The trigrams the blind index is built from: in code points (an emoji or any character outside
// the BMP is one character, never half a surrogate pair), distinct, none for short words.
import { describe, expect, it } from 'vitest';
import { textTrigrams, trigramsOf } from './blind-terms.js';

describe('trigramsOf', () => {
  it('gives the distinct trigrams of each word', () => {
    expect(trigramsOf(['banana'])).toEqual(['ban', 'ana', 'nan']);
    expect(trigramsOf(['ab', 'abc', 'abc'])).toEqual(['abc']);
    expect(trigramsOf(['café'])).toEqual(['caf', 'afé']);
  });

  it('counts a character outside the BMP as one', () => {
    expect(trigramsOf(['a😀bc'])).toEqual(['a😀b', '😀bc']);
    expect(trigramsOf(['😀😀'])).toEqual([]);
    expect(trigramsOf(['𝔸𝔹ℂ'])).toEqual(['𝔸𝔹ℂ']);
  });

  it('folds a message text first', () => {
    expect(textTrigrams('Café OK')).toEqual(['caf', 'afe']);
  });
});
