// The signed-in screen: chat list beside the open chat on wide screens, one of them on phones.
import { useCallback, useMemo, useState } from 'react';
import type { Conversation, Message, User } from '@anytime/protocol';
import { useOpenConversation } from '../app/use-hash-route.js';
import { ChatView } from '../chat/ChatView.js';
import { useSendResults } from '../chat/use-send-results.js';
import { useClient } from '../client/client-context.js';
import { strings } from '../strings.js';
import { UserDirectory } from '../users/user-directory.js';
import { UserDirectoryContext } from '../users/use-users.js';
import { AccountBar } from './AccountBar.js';
import { ConversationList } from './ConversationList.js';
import { NewChatPanel } from './NewChatPanel.js';
import { useConversations } from './use-conversations.js';

export interface ChatAppProps {
  me: User;
  onSignOut: () => Promise<void>;
}

export function ChatApp({ me, onSignOut }: ChatAppProps) {
  const client = useClient();
  const directory = useMemo(() => {
    const d = new UserDirectory(async (id) => (await client.api('getUser', { params: { id } })).user);
    d.remember(me);
    return d;
  }, [client, me]);
  const { conversations, loaded, error, add, reload } = useConversations();
  const sendResults = useSendResults();
  const [openId, select] = useOpenConversation();
  const [creating, setCreating] = useState(false);
  // Latest messages seen in opened chats (history over HTTP is not in the event-built state).
  const [seen, setSeen] = useState<Readonly<Record<string, Message>>>({});
  const onLatest = useCallback(
    (m: Message) => setSeen((s) => ((s[m.conversationId]?.seq ?? 0) >= m.seq ? s : { ...s, [m.conversationId]: m })),
    [],
  );
  const open = conversations.find((c) => c.id === openId);

  function created(c: Conversation) {
    add(c);
    setCreating(false);
    select(c.id);
  }

  return (
    <UserDirectoryContext.Provider value={directory}>
      <div className="layout" data-view={openId ? 'chat' : 'list'}>
        <aside className="sidebar">
          <AccountBar me={me} onSignOut={onSignOut} />
          <div className="sidebar-heading">
            <h1>{strings.conversations.heading}</h1>
            <button type="button" aria-expanded={creating} onClick={() => setCreating((v) => !v)}>
              {creating ? strings.conversations.closeNewChat : strings.conversations.newChat}
            </button>
          </div>
          {creating && <NewChatPanel me={me} directory={directory} onCreated={created} />}
          {error && (
            <p className="error" role="alert">
              {error}{' '}
              <button type="button" className="link" onClick={reload}>
                {strings.retry}
              </button>
            </p>
          )}
          <ConversationList
            conversations={conversations}
            loaded={loaded}
            me={me}
            openId={openId}
            seen={seen}
            onOpen={(id) => select(id)}
          />
        </aside>
        <main className="main">
          {open ? (
            <ChatView
              key={open.id}
              conversation={open}
              me={me}
              sendResults={sendResults}
              onBack={() => select(null)}
              onLatest={onLatest}
            />
          ) : (
            <p className="placeholder">{openId && !loaded ? strings.loading : strings.chat.pickOne}</p>
          )}
        </main>
      </div>
    </UserDirectoryContext.Provider>
  );
}
