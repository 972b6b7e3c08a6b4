// What became of a call the person started that nobody took: "Bob is on another call", "Bob
// declined the call", "Bob did not answer" — with call again and close; or why a call could not
// start (no microphone/camera permission, already in a call).
import type { CallEndReason, CallMedia, User } from '@anytime/protocol';
import type { Call } from '@anytime/protocol';
import { Avatar } from '../avatar/Avatar.js';
import { strings } from '../strings.js';
import type { CallController } from './call-controller.js';
import { useCallPeople } from './use-call-people.js';

export function CallOutcomeScreen(props: { call: Call; reason: CallEndReason; me: User; controller: CallController }) {
  const { call, reason, me, controller } = props;
  const people = useCallPeople(call, me.id);
  const t = strings.calls;
  const who = reason === 'busy' || reason === 'declined' || reason === 'timeout';
  const text = who ? `${people.title} ${t.outcome[reason]}` : t.outcome[reason];
  const again = (media: CallMedia) => {
    controller.dismiss();
    void controller.start(call.conversationId, media);
  };
  return (
    <div className="call-overlay call-outcome" role="alertdialog" aria-labelledby="call-outcome-text">
      <div className="call-card">
        <Avatar name={people.title} url={people.avatarUrl} size="large" />
        <p id="call-outcome-text" className="call-status" data-reason={reason}>
          {text}
        </p>
        <div className="call-actions">
          <button type="button" onClick={() => controller.dismiss()}>
            {t.close}
          </button>
          <button type="button" className="call-accept" onClick={() => again(call.media)}>
            {t.callBack}
          </button>
        </div>
      </div>
    </div>
  );
}

export function CallErrorScreen({
  message,
  controller,
}: {
  message: 'noMedia' | 'inAnotherCall' | 'failed';
  controller: CallController;
}) {
  const t = strings.calls;
  const text = message === 'noMedia' ? t.noMedia : message === 'inAnotherCall' ? t.inAnotherCall : t.outcome.failed;
  return (
    <div className="call-overlay call-outcome" role="alertdialog" aria-labelledby="call-error-text">
      <div className="call-card">
        <p id="call-error-text" className="call-status" role="alert">
          {text}
        </p>
        <div className="call-actions">
          <button type="button" onClick={() => controller.dismiss()} autoFocus>
            {t.close}
          </button>
        </div>
      </div>
    </div>
  );
}
