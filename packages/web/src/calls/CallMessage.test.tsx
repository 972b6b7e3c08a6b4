// A call's line in the timeline: the words from its summary, red when missed by me, and no
// call-back button where there is no call controller (outside the signed-in app).
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testMessage } from '@anytime/protocol/testing';
import type { CallSummary } from '@anytime/protocol';
import { strings } from '../strings.js';
import { CallMessage } from './CallMessage.js';

afterEach(cleanup);

function renderCall(actorId: string, summary: CallSummary) {
  const message = testMessage({
    conversationId: 'c1',
    seq: 7,
    senderId: actorId,
    text: '',
    system: {
      action: 'call',
      actorId,
      userIds: [],
      role: null,
      fields: [],
      title: null,
      announcementsOnly: null,
      call: summary,
    },
  });
  render(<CallMessage message={message} summary={summary} meId="me" />);
}

describe('CallMessage', () => {
  it('says a missed call to the callee, marked missed', () => {
    renderCall('bob', { callId: 'k1', media: 'video', outcome: 'missed', durationMs: 0 });
    const line = document.querySelector('.call-message')!;
    expect(line.textContent).toContain('Missed video call');
    expect(line.classList.contains('missed')).toBe(true);
    expect(line.getAttribute('data-call-outcome')).toBe('missed');
    expect(document.querySelector('.call-back')).toBeNull();
  });

  it('gives the length of a call I made', () => {
    renderCall('me', { callId: 'k2', media: 'audio', outcome: 'completed', durationMs: 252_000 });
    const line = document.querySelector('.call-message')!;
    expect(line.textContent).toContain('Voice call · 4:12');
    expect(line.classList.contains('missed')).toBe(false);
    expect(line.textContent).not.toContain(strings.calls.callBack);
  });
});
