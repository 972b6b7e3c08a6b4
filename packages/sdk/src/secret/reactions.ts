// Reactions in secret chats live inside encrypted messages (protocol SecretReaction), so the
// client keeps the tally: per message and user the latest reaction by seq, as Signal does (one
// emoji per user per message; null takes it back). An older reaction arriving later (from the
// history archive) never overrides a newer one.
export interface SecretReactionEntry {
  userId: string;
  emoji: string;
}

interface Latest {
  emoji: string | null;
  seq: number;
}

export class ReactionBook {
  private readonly byMessage = new Map<string, Map<string, Latest>>();

  /** Records a reaction; false when a newer one of the same user is already known. */
  apply(messageId: string, userId: string, emoji: string | null, seq: number): boolean {
    let users = this.byMessage.get(messageId);
    if (!users) this.byMessage.set(messageId, (users = new Map()));
    const known = users.get(userId);
    if (known && known.seq >= seq) return false;
    users.set(userId, { emoji, seq });
    return true;
  }

  /** The current reactions to a message, in the order the users first reacted. */
  of(messageId: string): SecretReactionEntry[] {
    const users = this.byMessage.get(messageId);
    if (!users) return [];
    return [...users].flatMap(([userId, l]) => (l.emoji === null ? [] : [{ userId, emoji: l.emoji }]));
  }

  /** Drops what is known about a deleted message. */
  forget(messageId: string): void {
    this.byMessage.delete(messageId);
  }
}
