// The strength hint: common and short passphrases score low, repeats and runs add little,
// long mixed or multi-word passphrases score high.
import { describe, expect, it } from 'vitest';
import { MIN_SCORE, passphraseBits, passphraseScore } from './passphrase-strength.js';

describe('passphrase strength', () => {
  it('scores empty, common and short passphrases below the minimum', () => {
    for (const p of ['', 'password', 'Password1!', '123456789', 'qwerty', 'abc', 'Tr0ub']) {
      expect(passphraseScore(p), p).toBeLessThan(MIN_SCORE);
    }
  });
  it('gives repeats and runs little credit', () => {
    expect(passphraseBits('aaaaaaaaaaaaaaaa')).toBeLessThan(passphraseBits('qhzkvmwpatrdxbny') / 2);
    expect(passphraseScore('abcdefghijklmnop')).toBeLessThan(MIN_SCORE);
    expect(passphraseScore('aaaaaaaaaaaaaaaaaaaa')).toBeLessThan(MIN_SCORE);
  });
  it('scores long mixed and multi-word passphrases high', () => {
    expect(passphraseScore('correct horse battery staple')).toBe(4);
    expect(passphraseScore('Vq7#pL2m!xZ9')).toBeGreaterThanOrEqual(3);
    expect(passphraseScore('blue lamp river')).toBeGreaterThanOrEqual(MIN_SCORE);
  });
  it('grows with length', () => {
    expect(passphraseBits('kettle orbit')).toBeLessThan(passphraseBits('kettle orbit tulip'));
  });
});
