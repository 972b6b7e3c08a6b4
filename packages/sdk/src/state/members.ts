// A group's member list, page by page. ClientState does not hold member lists: a group may have
// 10,000 members, and its Conversation already carries what a UI needs at a glance (memberCount,
// ownerId, adminIds). An app shows the list by paging through it and keeps it current from
// member.added / member.removed / member.role_changed (which name the members they change).
import type { Member } from '@anytime/protocol';
import type { CallRoute } from './load-state.js';

/** Yields the members of a conversation, ordered by userId, `limit` at a time. */
export async function* memberPages(
  call: CallRoute,
  conversationId: string,
  limit?: number,
): AsyncGenerator<Member[], void, undefined> {
  let after: string | undefined;
  do {
    const page = await call('listMembers', {
      params: { id: conversationId },
      query: { ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit }) },
    });
    if (page.members.length > 0) yield page.members;
    after = page.nextAfter ?? undefined;
  } while (after !== undefined);
}
