import { describe, expect, it } from 'vitest';
import { fromB64, toB64 } from './encoding.js';

describe('base64url', () => {
  it('round-trips bytes without padding', () => {
    const bytes = new Uint8Array([0, 1, 250, 251, 252, 253, 254, 255]);
    const text = toB64(bytes);
    expect(text).toBe('AAH6-_z9_v8');
    expect(fromB64(text)).toEqual(bytes);
  });
});
