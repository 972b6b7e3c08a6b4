// What the signed-in user may do with a message, by the server's rules (server/src/modules/
// message-actions): edit own messages within the edit window; delete for everyone own messages
// within the window, and any message as a group admin or owner; pin in a direct chat, or as a
// group admin or owner. In secret chats (server/src/modules/mls/delete.ts) only the sender deletes
// for everyone, within the same window, and only the sender edits, within it too (the edit travels
// encrypted and receivers check both: sdk/src/secret/edits.ts); the server cannot pin or forward
// what it cannot read.
// The server still decides: its catalog error is shown when it refuses.
import { LIMITS, type Conversation, type Message } from '@anytime/protocol';
import { isDecryptedSecret } from '../../secret/secret-timeline.js';

/** The server's default EDIT_WINDOW_SECONDS (48 h); a server with a shorter one answers edit_window_passed. */
export const EDIT_WINDOW_MS = LIMITS.editWindowDefaultSeconds * 1000;

export function isGroupAdmin(c: Conversation, userId: string): boolean {
  return c.kind === 'group' && (c.ownerId === userId || c.adminIds.includes(userId));
}

export interface MessagePermissions {
  edit: boolean;
  deleteForEveryone: boolean;
  pin: boolean;
  react: boolean;
  forward: boolean;
}

export function messagePermissions(c: Conversation, m: Message, meId: string, now = Date.now()): MessagePermissions {
  const live = m.deletedAt === null && m.system === null;
  const mine = m.senderId === meId;
  const inWindow = now - Date.parse(m.createdAt) <= EDIT_WINDOW_MS;
  const admin = isGroupAdmin(c, meId);
  if (c.encryption === 'mls' && isDecryptedSecret(m)) {
    const own = live && mine && inWindow;
    return { edit: own, deleteForEveryone: own, pin: false, react: live, forward: false };
  }
  return {
    edit: live && mine && inWindow,
    deleteForEveryone: live && ((mine && inWindow) || admin),
    pin: live && (c.kind === 'direct' || admin),
    react: live,
    forward: live,
  };
}
