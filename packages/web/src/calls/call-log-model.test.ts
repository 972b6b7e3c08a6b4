import { describe, expect, it } from 'vitest';
import type { Call } from '@anytime/protocol';
import { summaryOf } from './call-log-model.js';

const call = (patch: Partial<Call>): Call => ({
  id: 'k1',
  conversationId: 'c1',
  topology: 'p2p',
  media: 'video',
  callerId: 'u1',
  callerDeviceId: 'd1',
  status: 'ended',
  createdAt: '2026-01-01T10:00:00.000Z',
  answeredAt: null,
  endedAt: '2026-01-01T10:00:30.000Z',
  endReason: 'timeout',
  participants: [],
  ringing: [],
  ...patch,
});

describe('summaryOf (call log rows)', () => {
  it('gives the length of answered calls', () => {
    expect(
      summaryOf(
        call({ answeredAt: '2026-01-01T10:00:05.000Z', endedAt: '2026-01-01T10:04:17.000Z', endReason: 'hangup' }),
      ),
    ).toEqual({
      callId: 'k1',
      media: 'video',
      outcome: 'completed',
      durationMs: 252_000,
    });
  });
  it('maps unanswered ends to missed, declined, busy and failed', () => {
    expect(summaryOf(call({ endReason: 'timeout' }))?.outcome).toBe('missed');
    expect(summaryOf(call({ endReason: 'cancelled' }))?.outcome).toBe('missed');
    expect(summaryOf(call({ endReason: 'declined' }))?.outcome).toBe('declined');
    expect(summaryOf(call({ endReason: 'busy' }))?.outcome).toBe('busy');
    expect(summaryOf(call({ endReason: 'failed' }))?.outcome).toBe('failed');
  });
  it('has no summary while the call rings or runs', () => {
    expect(summaryOf(call({ status: 'ringing', endedAt: null, endReason: null }))).toBeNull();
    expect(summaryOf(call({ status: 'active', endedAt: null, endReason: null }))).toBeNull();
  });
});
