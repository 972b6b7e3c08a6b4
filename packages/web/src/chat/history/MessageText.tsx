// A message's text with its @mentions highlighted from `entities` (UTF-16 offsets, as JavaScript
// slices strings); a mention of the reader (or @all) stands out more.
import type { MessageEntity } from '@anytime/protocol';

export interface MessageTextProps {
  text: string;
  entities: readonly MessageEntity[];
  meId: string;
}

export function MessageText({ text, entities, meId }: MessageTextProps) {
  const spans = [...entities]
    .filter((e) => e.offset >= 0 && e.offset + e.length <= text.length)
    .sort((a, b) => a.offset - b.offset);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const e of spans) {
    if (e.offset < at) continue;
    if (e.offset > at) parts.push(text.slice(at, e.offset));
    const me = e.type === 'mention_all' || e.userId === meId;
    parts.push(
      <span key={e.offset} className={me ? 'mention mention-me' : 'mention'}>
        {text.slice(e.offset, e.offset + e.length)}
      </span>,
    );
    at = e.offset + e.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <p className="text">{parts}</p>;
}
