// A call of the call log (GET /v1/calls) in the words of the timeline: its outcome and length as
// a CallSummary (the same shape the call's chat message carries), and whether this user placed it.
import type { Call, CallSummary } from '@anytime/protocol';

export function summaryOf(call: Call): CallSummary | null {
  if (call.status !== 'ended') return null;
  const durationMs =
    call.answeredAt && call.endedAt ? Math.max(0, Date.parse(call.endedAt) - Date.parse(call.answeredAt)) : 0;
  const outcome: CallSummary['outcome'] =
    call.answeredAt !== null
      ? 'completed'
      : call.endReason === 'declined'
        ? 'declined'
        : call.endReason === 'busy'
          ? 'busy'
          : call.endReason === 'failed'
            ? 'failed'
            : 'missed';
  return { callId: call.id, media: call.media, outcome, durationMs };
}
