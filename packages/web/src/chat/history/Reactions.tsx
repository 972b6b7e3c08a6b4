// A message's reaction chips: emoji and count, mine highlighted (pressed); the title names who
// reacted. Clicking one adds or removes my reaction with that emoji.
import type { Message } from '@anytime/protocol';
import { strings } from '../../strings.js';

export interface ReactionsProps {
  message: Message;
  meId: string;
  userName: (userId: string) => string;
  onToggle?: ((message: Message, emoji: string) => void) | undefined;
}

export function Reactions({ message, meId, userName, onToggle }: ReactionsProps) {
  if (message.reactions.length === 0) return null;
  const t = strings.history;
  return (
    <ul className="reactions" aria-label={t.reactions}>
      {message.reactions.map((r) => {
        const mine = r.userIds.includes(meId);
        const who = t.reactedBy(
          r.userIds.map((id) => (id === meId ? strings.chat.you : userName(id))),
          r.count - r.userIds.length,
        );
        return (
          <li key={r.emoji}>
            <button
              type="button"
              className={mine ? 'reaction mine' : 'reaction'}
              aria-pressed={mine}
              aria-label={t.reaction(r.emoji, r.count, mine)}
              title={who}
              disabled={!onToggle}
              onClick={() => onToggle?.(message, r.emoji)}
            >
              <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.count}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
