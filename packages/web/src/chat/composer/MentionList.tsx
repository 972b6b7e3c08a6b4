// The @mention suggestions under the composer: a listbox the textarea drives with arrow keys
// (aria-activedescendant), Enter or Tab picks; a click picks too.
import { strings } from '../../strings.js';
import type { MentionCandidate } from './mentions.js';

export interface MentionListProps {
  id: string;
  candidates: readonly MentionCandidate[];
  active: number;
  onPick: (c: MentionCandidate) => void;
}

export const mentionOptionId = (listId: string, i: number) => `${listId}-${i}`;

export function MentionList({ id, candidates, active, onPick }: MentionListProps) {
  return (
    <ul className="mention-list" role="listbox" id={id} aria-label={strings.composer.mentionList}>
      {candidates.map((c, i) => (
        <li
          key={c.userId ?? '@all'}
          id={mentionOptionId(id, i)}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(c);
          }}
        >
          <span className="mention-name">@{c.name}</span>
          {c.userId === null ? (
            <span className="mention-username">{strings.composer.mentionAllHint}</span>
          ) : (
            c.username && <span className="mention-username">@{c.username}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
