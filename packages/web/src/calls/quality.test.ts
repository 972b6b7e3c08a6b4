import { describe, expect, it } from 'vitest';
import type { CallStats } from '@anytime/sdk';
import { qualityLevel } from './quality.js';

const base: CallStats = {
  rttMs: 20,
  jitterMs: 3,
  packetLossPct: 0,
  inboundKbps: 900,
  outboundKbps: 800,
  candidateType: 'host',
};

describe('qualityLevel', () => {
  it('is unknown with no stats, or none of the measures yet', () => {
    expect(qualityLevel(null)).toBe('unknown');
    expect(qualityLevel({ ...base, rttMs: null, jitterMs: null, packetLossPct: null })).toBe('unknown');
  });
  it('is good on a clean link and poor past any threshold', () => {
    expect(qualityLevel(base)).toBe('good');
    expect(qualityLevel({ ...base, packetLossPct: 7.5 })).toBe('poor');
    expect(qualityLevel({ ...base, rttMs: 650 })).toBe('poor');
    expect(qualityLevel({ ...base, jitterMs: 80 })).toBe('poor');
    expect(qualityLevel({ ...base, rttMs: 399, jitterMs: 49, packetLossPct: 4.9 })).toBe('good');
  });
});
