// The voice and video call buttons of a chat header (direct chats and groups).
import type { CallMedia } from '@anytime/protocol';
import { strings } from '../strings.js';
import { useCallController, useCallView } from './call-context.js';

export function CallButtons({ conversationId, title }: { conversationId: string; title: string }) {
  const controller = useCallController();
  const view = useCallView(controller);
  if (!controller) return null;
  const busy = view.phase === 'outgoing' || view.phase === 'active';
  const start = (media: CallMedia) => void controller.start(conversationId, media);
  return (
    <div className="call-buttons">
      <button
        type="button"
        className="call-button"
        onClick={() => start('audio')}
        disabled={busy}
        aria-label={strings.calls.startVoice(title)}
        title={strings.calls.voiceCall}
      >
        <span aria-hidden="true">📞</span>
      </button>
      <button
        type="button"
        className="call-button"
        onClick={() => start('video')}
        disabled={busy}
        aria-label={strings.calls.startVideo(title)}
        title={strings.calls.videoCall}
      >
        <span aria-hidden="true">🎥</span>
      </button>
    </div>
  );
}
