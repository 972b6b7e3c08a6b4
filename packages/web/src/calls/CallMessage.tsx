// A call in the timeline: "Missed voice call", "Video call · 4:12", "Declined call"... from the
// system message's CallSummary, with its time and a call-back button (when calls are available).
import type { CallSummary, Message } from '@anytime/protocol';
import { formatClock } from '../app/format-time.js';
import { strings } from '../strings.js';
import { useCallController, useCallView } from './call-context.js';

export function CallMessage({ message, summary, meId }: { message: Message; summary: CallSummary; meId: string }) {
  const controller = useCallController();
  const view = useCallView(controller);
  const byMe = message.system?.actorId === meId;
  const missed = !byMe && summary.outcome !== 'completed';
  const inCall = view.phase === 'outgoing' || view.phase === 'active';
  return (
    <div
      className={`message system call-message${missed ? ' missed' : ''}`}
      data-seq={message.seq}
      data-call-outcome={summary.outcome}
    >
      <p className="text">
        <span aria-hidden="true">{summary.media === 'video' ? '🎥 ' : '📞 '}</span>
        {strings.calls.summary(summary, byMe)}
        <time dateTime={message.createdAt}> · {formatClock(message.createdAt)}</time>
      </p>
      {controller && (
        <button
          type="button"
          className="link call-back"
          disabled={inCall}
          onClick={() => void controller.start(message.conversationId, summary.media)}
        >
          {strings.calls.callBack}
        </button>
      )}
    </div>
  );
}
