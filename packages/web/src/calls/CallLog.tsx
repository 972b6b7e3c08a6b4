// The call log (GET /v1/calls, newest first, "Show more" pages back): who, voice or video, in or
// out, the outcome ("Missed voice call", "Video call · 4:12"), when; tap to open the chat, or
// call back.
import { useCallback, useEffect, useState } from 'react';
import type { Call, Conversation, User } from '@anytime/protocol';
import { Panel } from '../app/Panel.js';
import { formatWhen } from '../app/format-time.js';
import { conversationTitle } from '../chats/conversation-title.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { useClientState } from '../client/use-client-store.js';
import { strings } from '../strings.js';
import { useUsers } from '../users/use-users.js';
import { useCallController } from './call-context.js';
import { summaryOf } from './call-log-model.js';

const PAGE = 50;

export function CallLog({
  me,
  onClose,
  onOpenChat,
}: {
  me: User;
  onClose: () => void;
  onOpenChat: (id: string) => void;
}) {
  const client = useClient();
  const controller = useCallController();
  const conversations = useClientState().conversations;
  const [calls, setCalls] = useState<Call[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (beforeId?: string) => {
      setError(null);
      try {
        const page = await client.calls.list(beforeId ? { beforeId, limit: PAGE } : { limit: PAGE });
        setCalls((old) => [...(beforeId ? (old ?? []) : []), ...page]);
        setMore(page.length === PAGE);
      } catch (e) {
        setError(errorText(e));
      }
    },
    [client],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const user = useUsers(
    [...new Set((calls ?? []).flatMap((c) => conversations[c.conversationId]?.memberIds ?? []))].sort(),
  );
  const t = strings.calls;
  const title = (c: Conversation | undefined) => (c ? conversationTitle(c, me.id, user) : '');

  return (
    <Panel heading={t.logHeading} onClose={onClose} error={error}>
      {calls === null ? (
        <p>{strings.loading}</p>
      ) : calls.length === 0 ? (
        <p>{t.logEmpty}</p>
      ) : (
        <ul className="call-log">
          {calls.map((call) => {
            const summary = summaryOf(call);
            const mine = call.callerId === me.id;
            const conversation = conversations[call.conversationId];
            return (
              <li key={call.id} className={summary && !mine && summary.outcome !== 'completed' ? 'missed' : ''}>
                <button type="button" className="link call-log-open" onClick={() => onOpenChat(call.conversationId)}>
                  <span className="call-log-title">{title(conversation)}</span>
                  <span className="call-log-detail">
                    <span aria-hidden="true">{mine ? '↗ ' : '↙ '}</span>
                    <span className="visually-hidden">{mine ? t.outgoingShort : t.incomingShort}: </span>
                    {summary ? t.summary(summary, mine) : call.status === 'ringing' ? t.ringing : t.videoCall}
                    {' · '}
                    <time dateTime={call.createdAt}>{formatWhen(call.createdAt)}</time>
                  </span>
                </button>
                {controller && (
                  <button
                    type="button"
                    className="call-back"
                    aria-label={`${t.callBack}: ${title(conversation)}`}
                    onClick={() => void controller.start(call.conversationId, call.media)}
                  >
                    <span aria-hidden="true">{call.media === 'video' ? '🎥' : '📞'}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {more && calls && (
        <button type="button" className="link" onClick={() => void load(calls[calls.length - 1]?.id)}>
          {strings.media.galleryMore}
        </button>
      )}
    </Panel>
  );
}
