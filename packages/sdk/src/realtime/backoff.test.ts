import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles the ceiling up to the cap and picks uniformly below it (full jitter)', () => {
    const b = new Backoff({ baseMs: 100, capMs: 1000, random: () => 0.999999 });
    const delays = Array.from({ length: 7 }, () => b.next());
    expect(delays).toEqual([99, 199, 399, 799, 999, 999, 999]);
    b.reset();
    expect(b.next()).toBe(99);
  });

  it('never exceeds the cap and never goes negative, whatever the randomness', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (base, cap, randoms) => {
          let i = 0;
          const b = new Backoff({ baseMs: base, capMs: cap, random: () => randoms[i++ % randoms.length]! });
          for (let n = 0; n < randoms.length; n++) {
            const d = b.next();
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(Math.min(cap, base * 2 ** n));
          }
        },
      ),
    );
  });

  it('a random of 0 gives an immediate retry', () => {
    const b = new Backoff({ random: () => 0 });
    expect(b.next()).toBe(0);
    expect(b.attempts).toBe(1);
  });
});
