// One list of conversations from the fetched list and the event-built state: the newer copy of
// each (higher lastSeq) wins, latest activity first.
import type { Conversation } from '@anytime/protocol';

export function mergeConversations(...sources: Iterable<Conversation>[]): Conversation[] {
  const byId = new Map<string, Conversation>();
  for (const source of sources) {
    for (const c of source) {
      const old = byId.get(c.id);
      if (!old || c.lastSeq > old.lastSeq) byId.set(c.id, c);
    }
  }
  return [...byId.values()].sort(
    (a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt) || (a.id < b.id ? -1 : 1),
  );
}
