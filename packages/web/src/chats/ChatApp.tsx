// The signed-in screen: the chat list (with search) beside the open chat or panel on wide
// screens, one of them on phones. Ctrl/Cmd+K searches; Escape closes a panel.
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { isMutedAt, type Conversation, type User } from '@anytime/protocol';
import type { ConversationListItem } from '@anytime/sdk';
import { chatHash, useHashRoute } from '../app/use-hash-route.js';
import { CallLayer } from '../calls/CallLayer.js';
import { CallLog } from '../calls/CallLog.js';
import { ChatView } from '../chat/ChatView.js';
import { useSendResults } from '../chat/use-send-results.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { JoinScreen } from '../groups/JoinScreen.js';
import { GroupInfo } from '../groups/GroupInfo.js';
import { ProfilePanel } from '../profile/ProfilePanel.js';
import { MessageResults } from '../search/MessageResults.js';
import { SearchBox } from '../search/SearchBox.js';
import { useMessageSearch, MIN_SEARCH } from '../search/use-message-search.js';
import { SettingsPanel } from '../settings/SettingsPanel.js';
import { BackupSetup } from '../crypto/BackupSetup.js';
import { EncryptionProvider, useEncryption } from '../crypto/encryption-context.js';
import { KeyGate, useKeyStatus } from '../crypto/KeyGate.js';
import { KeyNotice } from '../crypto/KeyNotice.js';
import { encryptionFor } from '../crypto/sdk-encryption.js';
import { VerifyScreen } from '../secret/VerifyScreen.js';
import { strings } from '../strings.js';
import { UserDirectory } from '../users/user-directory.js';
import { UserDirectoryContext, useUsers } from '../users/use-users.js';
import { UserInfo } from '../users/UserInfo.js';
import { AccountBar } from './AccountBar.js';
import { SyncStatus } from './SyncStatus.js';
import { splitList } from './chat-list-model.js';
import { conversationTitle, otherMemberIds } from './conversation-title.js';
import { ConversationList } from './ConversationList.js';
import { NewChatPanel } from './NewChatPanel.js';
import type { RowAction } from './RowMenu.js';
import { useChatList, useTyping } from './use-chat-list.js';

/** Everyone the list names: the other person of each direct chat, last senders, who is typing. */
function peopleShown(
  items: readonly ConversationListItem[],
  typing: Readonly<Record<string, readonly string[]>>,
  meId: string,
): string[] {
  const ids = new Set<string>();
  for (const { conversation: c, lastMessage: m } of items) {
    if (c.kind === 'direct') otherMemberIds(c, meId).forEach((id) => ids.add(id));
    if (m) {
      ids.add(m.senderId);
      m.system?.userIds.forEach((id) => ids.add(id));
    }
    typing[c.id]?.forEach((id) => ids.add(id));
  }
  ids.delete(meId);
  return [...ids].sort();
}

export interface ChatAppProps {
  me: User;
  onSignOut: () => Promise<void>;
}

type Panel = 'profile' | 'settings' | 'info' | 'calls' | 'backup' | { verify: string } | null;

export function ChatApp(props: ChatAppProps) {
  const client = useClient();
  const directory = useMemo(() => {
    const d = new UserDirectory(async (id) => (await client.api('getUser', { params: { id } })).user);
    d.remember(props.me);
    return d;
  }, [client, props.me]);
  const port = useMemo(() => encryptionFor(client, props.me), [client, props.me]);
  return (
    <UserDirectoryContext.Provider value={directory}>
      <EncryptionProvider port={port}>
        {/* Calls ring on every device, also one still asking for the key backup passphrase. */}
        <CallLayer me={props.me} directory={directory}>
          <KeyGate port={port}>
            <Shell {...props} />
          </KeyGate>
        </CallLayer>
      </EncryptionProvider>
    </UserDirectoryContext.Provider>
  );
}

function Shell({ me, onSignOut }: ChatAppProps) {
  const client = useClient();
  const directory = useContext(UserDirectoryContext)!;
  const port = useEncryption();
  const keyStatus = useKeyStatus();
  const { model, error, add, reload } = useChatList(me);
  const typing = useTyping();
  const sendResults = useSendResults();
  const [route, go] = useHashRoute();
  const openId = route.kind === 'chat' ? route.conversationId : null;
  const [creating, setCreating] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [query, setQuery] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);

  const lists = useMemo(() => (model ? splitList(model) : { active: [], archived: [] }), [model]);
  const all = useMemo(() => [...lists.active, ...lists.archived], [lists]);
  const user = useUsers(peopleShown(all, typing, me.id));
  const titleOf = useCallback((c: Conversation) => conversationTitle(c, me.id, user), [me.id, user]);
  const q = query.trim().toLowerCase();
  const shown = q
    ? all.filter((i) => titleOf(i.conversation).toLowerCase().includes(q))
    : showArchived
      ? lists.archived
      : lists.active;
  const found = useMessageSearch(query);
  const open = model?.state.conversations[openId ?? ''];
  const openItem = all.find((i) => i.conversation.id === openId);

  // Reading: an open chat with unread messages is marked read up to its latest change.
  const unread = openItem?.state.unreadCount ?? 0;
  const lastSeq = openItem?.conversation.lastSeq ?? 0;
  useEffect(() => {
    if (!openId || unread === 0 || document.visibilityState !== 'visible') return;
    void client.markRead(openId, lastSeq);
  }, [client, openId, unread, lastSeq]);

  // Keyboard: Ctrl/Cmd+K searches, Escape closes a panel or the search.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      } else if (e.key === 'Escape' && !e.defaultPrevented) {
        if (panel) setPanel(null);
        else if (document.activeElement === search.current && query) setQuery('');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panel, query]);

  async function onAction(id: string, a: RowAction) {
    setActionError(null);
    try {
      if (a.type === 'pin') await client.updateConversationState(id, { pinned: a.pinned });
      else if (a.type === 'mute') await client.updateConversationState(id, { mutedUntil: a.mutedUntil });
      else if (a.type === 'archive') await client.updateConversationState(id, { archived: a.archived });
      else if (a.type === 'markRead') {
        const c = model?.state.conversations[id];
        if (c) await client.markRead(id, c.lastSeq);
      } else {
        await client.api('leaveConversation', { params: { id } });
        if (openId === id) go(null);
      }
    } catch (e) {
      setActionError(errorText(e));
    }
  }

  function created(c: Conversation) {
    add(c);
    setCreating(false);
    setPanel(null);
    go(chatHash(c.id));
  }
  function openChat(id: string, messageId?: string) {
    setPanel(null);
    go(chatHash(id, messageId));
  }

  const mainView = panel !== null || route.kind !== 'none';
  const now = new Date().toISOString();
  const unmutedUnread = lists.active.filter((i) => i.state.unreadCount > 0 && !isMutedAt(i.state, now)).length;
  useEffect(() => {
    document.title = unmutedUnread > 0 ? `(${unmutedUnread}) ${strings.appName}` : strings.appName;
  }, [unmutedUnread]);

  return (
    <div className="layout" data-view={mainView ? 'chat' : 'list'}>
      <aside className="sidebar">
        <AccountBar
          me={me}
          onSignOut={onSignOut}
          onProfile={() => setPanel('profile')}
          onSettings={() => setPanel('settings')}
        />
        <SyncStatus />
        <KeyNotice onOpenBackup={() => setPanel('backup')} />
        <div className="sidebar-heading">
          <h1>{strings.conversations.heading}</h1>
          <button type="button" className="call-log-button" onClick={() => setPanel('calls')}>
            {strings.calls.log}
          </button>
          <button type="button" aria-expanded={creating} onClick={() => setCreating((v) => !v)}>
            {creating ? strings.conversations.closeNewChat : strings.conversations.newChat}
          </button>
        </div>
        <SearchBox ref={search} value={query} onChange={setQuery} />
        {creating && <NewChatPanel me={me} directory={directory} onCreated={created} />}
        {(error ?? actionError) && (
          <p className="error" role="alert">
            {error ?? actionError}{' '}
            {error && (
              <button type="button" className="link" onClick={reload}>
                {strings.retry}
              </button>
            )}
          </p>
        )}
        <ConversationList
          items={shown}
          archivedCount={lists.archived.length}
          showingArchived={showArchived && !q}
          onToggleArchived={() => setShowArchived((v) => !v)}
          loaded={model !== null}
          filtering={q.length > 0}
          meId={me.id}
          openId={openId}
          typing={typing}
          user={user}
          onOpen={(id) => openChat(id)}
          onAction={(id, a) => void onAction(id, a)}
        />
        {q.length >= MIN_SEARCH && (
          <MessageResults
            query={query}
            search={found}
            meId={me.id}
            user={user}
            chatTitle={(id) => {
              const c = model?.state.conversations[id];
              return c ? titleOf(c) : '';
            }}
            onChoose={(m) => openChat(m.conversationId, m.id)}
          />
        )}
      </aside>
      <main className="main">
        {panel === 'calls' ? (
          <CallLog me={me} onClose={() => setPanel(null)} onOpenChat={(id) => openChat(id)} />
        ) : panel !== null && typeof panel === 'object' ? (
          <VerifyScreen
            key={panel.verify}
            userId={panel.verify}
            name={user(panel.verify)?.displayName ?? strings.chatList.someone}
            onClose={() => setPanel(null)}
          />
        ) : panel === 'backup' && port ? (
          <BackupSetup port={port} onClose={() => setPanel(null)} onDone={keyStatus.refresh} />
        ) : panel === 'settings' ? (
          <SettingsPanel onClose={() => setPanel(null)} />
        ) : panel === 'profile' ? (
          <ProfilePanel me={me} onClose={() => setPanel(null)} onSignOut={onSignOut} />
        ) : panel === 'info' && open?.kind === 'group' ? (
          <GroupInfo
            conversation={open}
            me={me}
            onClose={() => setPanel(null)}
            onLeft={() => go(null)}
            onOpenMessage={(messageId) => openChat(open.id, messageId)}
          />
        ) : panel === 'info' && open && otherMemberIds(open, me.id)[0] ? (
          <UserInfo
            userId={otherMemberIds(open, me.id)[0]!}
            onClose={() => setPanel(null)}
            gallery={{ conversationId: open.id, onOpenMessage: (messageId) => openChat(open.id, messageId) }}
          />
        ) : route.kind === 'join' ? (
          <JoinScreen code={route.code} onJoined={(c) => created(c)} onCancel={() => go(null)} />
        ) : open ? (
          <ChatView
            key={open.id}
            conversation={open}
            me={me}
            sendResults={sendResults}
            onBack={() => go(null)}
            onVerify={(userId) => setPanel({ verify: userId })}
            focusMessageId={route.kind === 'chat' ? route.messageId : null}
            {...(open.kind === 'group' || otherMemberIds(open, me.id).length > 0
              ? { onShowInfo: () => setPanel('info') }
              : {})}
          />
        ) : (
          <p className="placeholder">{openId && !model ? strings.loading : strings.chat.pickOne}</p>
        )}
      </main>
    </div>
  );
}
