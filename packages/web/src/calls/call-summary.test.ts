import { describe, expect, it } from 'vitest';
import type { CallSummary } from '@anytime/protocol';
import { strings } from '../strings.js';

const s = (outcome: CallSummary['outcome'], media: CallSummary['media'] = 'audio', durationMs = 0): CallSummary => ({
  callId: 'c1',
  media,
  outcome,
  durationMs,
});

describe('call summary text (timeline and chat list)', () => {
  const text = strings.calls.summary;
  it('gives the length of completed calls', () => {
    expect(text(s('completed', 'video', 252_000), true)).toBe('Video call · 4:12');
    expect(text(s('completed', 'audio', 3_725_000), false)).toBe('Voice call · 1:02:05');
  });
  it('says missed to the callee and no answer to the caller', () => {
    expect(text(s('missed', 'audio'), false)).toBe('Missed voice call');
    expect(text(s('missed', 'video'), true)).toBe('Video call · No answer');
  });
  it('names declined, busy and failed calls', () => {
    expect(text(s('declined', 'audio'), false)).toBe('Declined voice call');
    expect(text(s('declined', 'audio'), true)).toBe('Voice call · Declined');
    expect(text(s('busy', 'video'), true)).toBe('Video call · Busy');
    expect(text(s('failed', 'audio'), true)).toBe('Voice call · Failed');
  });
});
