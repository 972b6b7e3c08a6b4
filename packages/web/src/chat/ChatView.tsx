// One open conversation: its header, the history with live and pending messages, sends whose
// attachments are still uploading, the composer.
import { useCallback, useMemo, useState } from 'react';
import type { Conversation, Message, User } from '@anytime/protocol';
import { Avatar } from '../avatar/Avatar.js';
import { CallButtons } from '../calls/CallButtons.js';
import { conversationAvatarUrl, conversationTitle, otherMemberIds } from '../chats/conversation-title.js';
import { useClientState, useConnectionState, usePending } from '../client/use-client-store.js';
import { UploadQueue } from '../media/compose/UploadQueue.js';
import { useEncryption } from '../crypto/encryption-context.js';
import { KeyChangeBanner } from '../secret/KeyChangeBanner.js';
import { LockIcon } from '../secret/LockIcon.js';
import { MediaUrlSourceContext } from '../media/use-media-urls.js';
import { SecretComposer } from '../secret/SecretComposer.js';
import { VerifiedBadge } from '../secret/VerifiedBadge.js';
import { strings } from '../strings.js';
import { useUsers } from '../users/use-users.js';
import { PinnedBar } from './actions/PinnedBar.js';
import { StarredList } from './actions/StarredList.js';
import { useChatActions } from './actions/use-chat-actions.js';
import { Composer } from './Composer.js';
import { useChatHistory } from './history/use-chat-history.js';
import { MessageList } from './MessageList.js';
import { buildTimeline } from './timeline.js';
import { useHistory } from './use-history.js';
import type { SendResults } from './use-send-results.js';

export interface ChatViewProps {
  /** Opens the verification screen for a member (secret chats). */
  onVerify?: (userId: string) => void;
  conversation: Conversation;
  me: User;
  sendResults: SendResults;
  onBack: () => void;
  /** Opens the info panel of the group or the other person (a header button shows when given). */
  onShowInfo?: () => void;
  /** A message to scroll to and highlight (from a search result). */
  focusMessageId?: string | null;
}

const NONE: readonly Message[] = [];

export function ChatView(props: ChatViewProps) {
  const { conversation: c, me, sendResults, onBack, onShowInfo, focusMessageId } = props;
  const port = useEncryption();
  const secret = c.encryption === 'mls';
  const history = useHistory(c.id);
  const live = useClientState().messages[c.id];
  const pending = usePending();
  const connection = useConnectionState();
  const isGroup = c.kind === 'group';
  const user = useUsers(isGroup ? otherMemberIds(c, me.id) : otherMemberIds(c, me.id).slice(0, 1));
  const { acked, failed, dismiss } = sendResults;
  const actions = useChatActions(c, me.id);
  const [starredOpen, setStarredOpen] = useState(false);

  // A secret chat's text messages are decrypted on this device; its sealed messages come from the server.
  const decrypted = secret && port ? port.secretMessages(c.id) : NONE;
  const items = useMemo(
    () =>
      buildTimeline(c.id, {
        stored: [history.messages, live ?? [], acked.filter((m) => m.conversationId === c.id), decrypted],
        pending,
        failed,
      }),
    [c.id, history.messages, live, acked, pending, failed, decrypted],
  );

  const extra = useChatHistory(c, me, items);
  // A secret chat's media: decrypted on this device, shown from object URLs.
  const secretUrls = useCallback((ids: readonly string[]) => port!.secretMediaUrls(ids), [port]);
  const title = conversationTitle(c, me.id, user);
  const other = !isGroup ? user(otherMemberIds(c, me.id)[0] ?? '') : undefined;
  const subtitle =
    extra.status ?? (isGroup ? strings.conversations.members(c.memberCount) : other ? `@${other.username}` : '');
  const senderName = useCallback(
    (id: string) => (id === me.id ? strings.chat.you : (user(id)?.displayName ?? '')),
    [me.id, user],
  );

  return (
    <section className="chat" aria-label={title}>
      <header className="chat-header">
        <button type="button" className="back" onClick={onBack} aria-label={strings.chat.back}>
          <span aria-hidden="true">←</span>
        </button>
        <Avatar name={title} url={conversationAvatarUrl(c, me.id, user)} />
        <div>
          <h2>
            {secret && <LockIcon />}
            {title}
            {secret && other && port?.isVerified(other.id) && (
              <>
                {' '}
                <VerifiedBadge name={other.displayName} />
              </>
            )}
          </h2>
          {subtitle && (
            <p className="subtitle" aria-live="polite">
              {subtitle}
            </p>
          )}
        </div>
        {(isGroup || otherMemberIds(c, me.id).length > 0) && <CallButtons conversationId={c.id} title={title} />}
        <button type="button" className="header-starred" onClick={() => setStarredOpen(true)}>
          {strings.actions.starred}
        </button>
        {secret && other && props.onVerify && (
          <button type="button" className="verify-button" onClick={() => props.onVerify?.(other.id)}>
            {strings.secret.verify}
          </button>
        )}
        {onShowInfo && (
          <button type="button" className="info-button" onClick={onShowInfo}>
            {strings.panel.info}
          </button>
        )}
      </header>
      <KeyChangeBanner
        userIds={otherMemberIds(c, me.id)}
        name={(id) => user(id)?.displayName ?? strings.chatList.someone}
        onVerify={(id) => props.onVerify?.(id)}
      />
      <PinnedBar conversation={c} meId={me.id} />
      {actions.error && (
        <p className="error chat-actions-error" role="alert">
          {actions.error}
        </p>
      )}
      <MediaUrlSourceContext.Provider value={secret && port ? secretUrls : null}>
        <MessageList
          items={items}
          meId={me.id}
          senderName={senderName}
          showSenders={isGroup}
          loading={(history.loading && items.length === 0) || extra.waiting}
          error={history.error}
          hasEarlier={history.hasEarlier}
          onLoadEarlier={history.loadEarlier}
          onDismiss={dismiss}
          onOpenActions={actions.openActions}
          onToggleReaction={actions.toggleReaction}
          focusMessageId={focusMessageId ?? null}
          {...extra.listProps}
        />
      </MediaUrlSourceContext.Provider>
      <UploadQueue conversationId={c.id} />
      {connection !== 'connected' && pending.some((p) => p.conversationId === c.id) && (
        <p className="notice" role="status">
          {strings.chat.queuedOffline}
        </p>
      )}
      {secret ? (
        <SecretComposer
          key={c.id}
          conversationId={c.id}
          replyTo={actions.composerMode?.kind === 'reply' ? actions.composerMode.message : null}
          editing={actions.composerMode?.kind === 'edit' ? actions.composerMode.message : null}
          onReplyDone={actions.clearComposerMode}
          senderName={senderName}
        />
      ) : (
        <Composer
          key={c.id}
          conversation={c}
          meId={me.id}
          mode={actions.composerMode}
          onModeDone={actions.clearComposerMode}
          senderName={senderName}
        />
      )}
      {actions.overlays}
      {starredOpen && <StarredList onClose={() => setStarredOpen(false)} />}
    </section>
  );
}
