// Messages found by search: who wrote it, in which chat, the text with the match marked, the
// date. Choosing one opens its chat at that message (#/c/<conversationId>/m/<messageId>).
import type { Message, User } from '@anytime/protocol';
import { formatWhen } from '../app/format-time.js';
import { strings } from '../strings.js';
import { highlight, snippet } from './highlight.js';
import type { MessageSearch } from './use-message-search.js';

export interface MessageResultsProps {
  query: string;
  search: MessageSearch;
  meId: string;
  user: (id: string) => User | undefined;
  chatTitle: (conversationId: string) => string;
  onChoose: (m: Message) => void;
}

export function MessageResults({ query, search, meId, user, chatTitle, onChoose }: MessageResultsProps) {
  const t = strings.search;
  return (
    <section className="search-results" aria-label={t.messagesHeading}>
      <h2 className="list-heading">{t.messagesHeading}</h2>
      {search.error && (
        <p className="error" role="alert">
          {search.error}
        </p>
      )}
      {search.searching && search.results.length === 0 && <p className="placeholder">{t.searching}</p>}
      {!search.searching && !search.error && search.results.length === 0 && (
        <p className="placeholder">{t.noMessages}</p>
      )}
      <ul className="conversations">
        {search.results.map((m) => {
          const sender = m.senderId === meId ? strings.chat.you : (user(m.senderId)?.displayName ?? '');
          return (
            <li key={m.id}>
              <button type="button" className="conversation search-result" onClick={() => onChoose(m)}>
                <span className="conversation-text">
                  <span className="conversation-title">
                    {sender}
                    <span className="result-chat"> · {chatTitle(m.conversationId)}</span>
                  </span>
                  <span className="conversation-preview">
                    {snippet(highlight(m.text, query)).map((p, i) =>
                      p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
                    )}
                  </span>
                </span>
                <span className="row-meta">
                  <time dateTime={m.createdAt}>{formatWhen(m.createdAt)}</time>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
