import { describe, expect, it } from 'vitest';
import { safetyNumberGroups } from './safety-number-format.js';

describe('safetyNumberGroups', () => {
  it('splits 60 digits into 12 groups of 5 in order', () => {
    const digits = Array.from({ length: 60 }, (_, i) => String(i % 10)).join('');
    const groups = safetyNumberGroups(digits);
    expect(groups).toHaveLength(12);
    expect(groups.every((g) => /^\d{5}$/.test(g))).toBe(true);
    expect(groups.join('')).toBe(digits);
    expect(groups[1]).toBe('56789');
  });
  it('refuses anything that is not 60 digits', () => {
    expect(() => safetyNumberGroups('1'.repeat(59))).toThrow();
    expect(() => safetyNumberGroups('1'.repeat(61))).toThrow();
    expect(() => safetyNumberGroups('1'.repeat(59) + 'a')).toThrow();
  });
});
