// An incoming call: who calls (name, avatar; the group for group calls), voice or video, and
// accept / decline. Shown on every device of the callee until it is answered somewhere, declined,
// cancelled or timed out (the controller rings and stops ringing).
import type { Call, User } from '@anytime/protocol';
import { Avatar } from '../avatar/Avatar.js';
import { strings } from '../strings.js';
import type { CallController } from './call-controller.js';
import { useCallPeople } from './use-call-people.js';

export function IncomingCallScreen({ call, me, controller }: { call: Call; me: User; controller: CallController }) {
  const people = useCallPeople(call, me.id);
  const callerName = people.caller?.displayName ?? '';
  const t = strings.calls;
  return (
    <div
      className="call-overlay call-incoming"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="call-incoming-title"
    >
      <div className="call-card">
        <Avatar
          name={people.isGroup ? people.title : callerName}
          url={people.isGroup ? people.avatarUrl : (people.caller?.avatarUrl ?? null)}
          size="large"
        />
        <h2 id="call-incoming-title">{people.isGroup ? t.incomingGroup(people.title) : callerName}</h2>
        <p className="call-status" aria-live="polite">
          {people.isGroup ? `${callerName} · ${t.incoming(call.media)}` : t.incoming(call.media)}
        </p>
        <div className="call-actions">
          <button type="button" className="call-decline" onClick={() => void controller.decline()}>
            {t.decline}
          </button>
          {call.media === 'video' && (
            <button type="button" className="call-accept-voice" onClick={() => void controller.accept(false)}>
              {t.acceptVoice}
            </button>
          )}
          <button type="button" className="call-accept" onClick={() => void controller.accept(true)} autoFocus>
            {call.media === 'video' ? t.acceptVideo : t.accept}
          </button>
        </div>
      </div>
    </div>
  );
}
