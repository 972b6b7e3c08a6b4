// Who can be @mentioned in a chat: the other members (a group's first page of members, from the
// members route, fetched the first time the user types "@"), by display name and username, plus
// "@all" for group admins and the owner. Profiles are fetched one by one (GET /v1/users/:id), so
// a large group offers only its first page; a member-search route would be needed beyond that.
import { useEffect, useMemo, useState } from 'react';
import type { Conversation } from '@anytime/protocol';
import { useClient } from '../../client/client-context.js';
import { strings } from '../../strings.js';
import { useUsers } from '../../users/use-users.js';
import { isGroupAdmin } from '../actions/permissions.js';
import type { MentionCandidate } from './mentions.js';

/** How many group members the autocomplete offers at most (a group may have 10,000). */
const MAX_MEMBERS = 200;

export function useMentionCandidates(c: Conversation, meId: string, enabled: boolean): MentionCandidate[] {
  const client = useClient();
  const [groupIds, setGroupIds] = useState<string[]>([]);

  useEffect(() => {
    if (c.kind !== 'group' || !enabled) return;
    let live = true;
    void (async () => {
      const ids: string[] = [];
      let after: string | undefined;
      try {
        do {
          const page = await client.api('listMembers', {
            params: { id: c.id },
            query: { limit: MAX_MEMBERS, ...(after ? { after } : {}) },
          });
          ids.push(...page.members.map((m) => m.userId));
          after = page.nextAfter ?? undefined;
        } while (after !== undefined && ids.length < MAX_MEMBERS && live);
      } catch {
        // No list, no autocomplete: typing the name still works as plain text.
      }
      if (live) setGroupIds(ids);
    })();
    return () => {
      live = false;
    };
  }, [client, c.id, c.kind, c.memberCount, enabled]);

  const ids = (c.kind === 'group' ? groupIds : c.memberIds).filter((id) => id !== meId);
  const user = useUsers(enabled ? ids : []);
  const admin = isGroupAdmin(c, meId);
  const key = ids.map((id) => `${id}=${user(id)?.displayName ?? ''}`).join(',');

  return useMemo(() => {
    const people: MentionCandidate[] = [];
    for (const id of ids) {
      const u = user(id);
      if (u) people.push({ userId: id, name: u.displayName || u.username, username: u.username });
    }
    return admin ? [{ userId: null, name: 'all', username: strings.composer.everyone }, ...people] : people;
    // `key` stands for the ids and their loaded names.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, admin]);
}
