// The strength hint of the backup passphrase: a rough estimate of how many guesses it would take
// (character pool and length, discounting repeats, runs and the most common passwords), on a
// 0-4 scale like zxcvbn's. The passphrase is only ever as strong as this says or weaker, so the
// backup screen refuses below MIN_SCORE.
export type StrengthScore = 0 | 1 | 2 | 3 | 4;
export const MIN_SCORE: StrengthScore = 2;

const COMMON = new Set([
  'password',
  'passphrase',
  'password1',
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  'qwerty',
  'qwertyuiop',
  'letmein',
  'iloveyou',
  'admin',
  'welcome',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'abc123',
  'anytime',
]);

/** Estimated bits of guessing work. */
export function passphraseBits(passphrase: string): number {
  const p = passphrase.normalize('NFKC');
  if (p.length === 0) return 0;
  if (COMMON.has(p.toLowerCase().replace(/[^a-z0-9]/g, ''))) return 0;
  let pool = 0;
  if (/[a-z]/.test(p)) pool += 26;
  if (/[A-Z]/.test(p)) pool += 26;
  if (/\d/.test(p)) pool += 10;
  if (/[^A-Za-z0-9\s]/.test(p)) pool += 33;
  if (/\s/.test(p)) pool += 1;
  if ([...p].some((ch) => ch.charCodeAt(0) > 0x7f)) pool += 100;
  // Each character counts only when it is not a repeat or a step of a run (aaaa, abcd, 4321).
  let effective = 1;
  for (let i = 1; i < p.length; i++) {
    const d = p.charCodeAt(i) - p.charCodeAt(i - 1);
    effective += d === 0 || d === 1 || d === -1 ? 0.25 : 1;
  }
  return effective * Math.log2(Math.max(pool, 2));
}

export function passphraseScore(passphrase: string): StrengthScore {
  const bits = passphraseBits(passphrase);
  if (bits < 28) return 0;
  if (bits < 40) return 1;
  if (bits < 56) return 2;
  if (bits < 72) return 3;
  return 4;
}
