// A group's info panel: title and description (admins edit them), announcements-only mode,
// members with their roles (paged; add, remove, promote, demote, hand over ownership), invite
// links for admins, the media / files / links gallery, and leaving.
import { useEffect, useState, type FormEvent } from 'react';
import { LIMITS, type Conversation, type Member, type MemberRole, type User } from '@anytime/protocol';
import { Panel } from '../app/Panel.js';
import { LazyGallery } from '../media/gallery/LazyGallery.js';
import { TextField } from '../app/TextField.js';
import { Avatar } from '../avatar/Avatar.js';
import { AvatarControl } from '../avatar/AvatarControl.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { parseUsernames } from '../chats/NewGroupForm.js';
import { strings } from '../strings.js';
import { useUsers } from '../users/use-users.js';
import { InviteLinks } from './InviteLinks.js';
import '../settings/settings.css';

export interface GroupInfoProps {
  conversation: Conversation;
  /** Shows a message of this chat (an item of the gallery was opened). */
  onOpenMessage?: (messageId: string) => void;
  me: User;
  onClose: () => void;
  onLeft: () => void;
}

export function roleOf(c: Conversation, userId: string): MemberRole {
  return c.ownerId === userId ? 'owner' : c.adminIds.includes(userId) ? 'admin' : 'member';
}

export function GroupInfo({ conversation: c, me, onClose, onLeft, onOpenMessage }: GroupInfoProps) {
  const client = useClient();
  const t = strings.groupInfo;
  const myRole = roleOf(c, me.id);
  const isAdmin = myRole !== 'member';
  const [title, setTitle] = useState(c.title ?? '');
  const [description, setDescription] = useState(c.description ?? '');
  const [members, setMembers] = useState<Member[]>([]);
  const [nextAfter, setNextAfter] = useState<string | null>(null);
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | null>(null);
  const user = useUsers(members.map((m) => m.userId));
  const membership = `${c.memberCount}|${c.ownerId ?? ''}|${c.adminIds.join(',')}`;

  useEffect(() => {
    let live = true;
    client.api('listMembers', { params: { id: c.id }, query: { limit: LIMITS.pageMax } }).then(
      (r) => {
        if (!live) return;
        setMembers(r.members);
        setNextAfter(r.nextAfter);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, c.id, membership]);

  async function run(f: () => Promise<unknown>) {
    setError(null);
    try {
      await f();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  }
  async function more() {
    if (!nextAfter) return;
    await run(async () => {
      const r = await client.api('listMembers', {
        params: { id: c.id },
        query: { after: nextAfter, limit: LIMITS.pageMax },
      });
      setMembers((ms) => [...ms, ...r.members]);
      setNextAfter(r.nextAfter);
    });
  }
  async function saveDetails(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) return setError(strings.newGroup.missingTitle);
    await run(() =>
      client.api('updateConversation', {
        params: { id: c.id },
        body: { title: title.trim(), description: description.trim() },
      }),
    );
  }
  async function add(e: FormEvent) {
    e.preventDefault();
    const names = parseUsernames(adding);
    if (names.length === 0) return;
    const found = await Promise.all(
      names.map(async (n) =>
        (await client.api('searchUsers', { query: { prefix: n, limit: 5 } })).users.find((u) => u.username === n),
      ),
    );
    const missing = names.filter((_, i) => !found[i]);
    if (missing.length > 0) return setError(strings.newGroup.unknownUsers(missing));
    const userIds = found.flatMap((u) => (u ? [u.id] : []));
    if (await run(() => client.api('addMembers', { params: { id: c.id }, body: { userIds } }))) setAdding('');
  }
  async function leave() {
    if (await run(() => client.api('leaveConversation', { params: { id: c.id } }))) onLeft();
  }

  const groupName = c.title ?? strings.conversations.groupTitleFallback;
  const nameOf = (id: string) => (id === me.id ? strings.chat.you : (user(id)?.displayName ?? ''));

  return (
    <Panel heading={t.heading} onClose={onClose} error={error}>
      {isAdmin ? (
        <AvatarControl
          name={groupName}
          url={c.avatarUrl}
          upload={async (bytes) => {
            await client.api('setAvatar', { params: { id: c.id }, body: bytes });
          }}
          remove={async () => {
            await client.api('deleteAvatar', { params: { id: c.id } });
          }}
        />
      ) : (
        <Avatar name={groupName} url={c.avatarUrl} size="large" labelled />
      )}
      {isAdmin ? (
        <form className="stack" onSubmit={(e) => void saveDetails(e)}>
          <TextField
            label={strings.newGroup.title}
            value={title}
            maxLength={LIMITS.titleMax}
            onChange={(e) => setTitle(e.target.value)}
          />
          <TextField
            label={t.description}
            value={description}
            maxLength={LIMITS.descriptionMax}
            onChange={(e) => setDescription(e.target.value)}
          />
          <div>
            <button type="submit">{t.save}</button>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={c.announcementsOnly}
              onChange={(e) =>
                void run(() =>
                  client.api('updateConversation', {
                    params: { id: c.id },
                    body: { announcementsOnly: e.target.checked },
                  }),
                )
              }
            />
            <span>
              {t.announcementsOnly}
              <small>{t.announcementsOnlyHint}</small>
            </span>
          </label>
        </form>
      ) : (
        <div>
          <p>
            <strong>{groupName}</strong>
          </p>
          {c.description && <p>{c.description}</p>}
        </div>
      )}
      <section aria-labelledby="members-heading">
        <h3 id="members-heading">{t.membersHeading(c.memberCount)}</h3>
        {isAdmin && (
          <form className="inline-form" onSubmit={(e) => void add(e)}>
            <TextField
              label={t.addLabel}
              hint={strings.newGroup.membersHint}
              value={adding}
              onChange={(e) => setAdding(e.target.value)}
            />
            <button type="submit">{t.add}</button>
          </form>
        )}
        <ul className="plain-list" aria-label={t.membersLabel}>
          {members.map((m) => {
            const name = nameOf(m.userId);
            const role = roleOf(c, m.userId);
            const self = m.userId === me.id;
            return (
              <li key={m.userId}>
                <span>
                  {name}
                  {role !== 'member' && <small className="hint"> · {t.roles[role]}</small>}
                </span>
                {!self && (
                  <span className="member-actions">
                    {myRole === 'owner' && role !== 'owner' && (
                      <button
                        type="button"
                        onClick={() =>
                          void run(() =>
                            client.api('setMemberRole', {
                              params: { id: c.id, userId: m.userId },
                              body: { role: role === 'admin' ? 'member' : 'admin' },
                            }),
                          )
                        }
                      >
                        {role === 'admin' ? t.demote(name) : t.promote(name)}
                      </button>
                    )}
                    {myRole === 'owner' && role !== 'owner' && (
                      <button
                        type="button"
                        onClick={() =>
                          void run(() =>
                            client.api('transferOwnership', { params: { id: c.id }, body: { userId: m.userId } }),
                          )
                        }
                      >
                        {t.makeOwner(name)}
                      </button>
                    )}
                    {isAdmin && role !== 'owner' && (myRole === 'owner' || role === 'member') && (
                      <button
                        type="button"
                        className="danger"
                        onClick={() =>
                          void run(() => client.api('removeMember', { params: { id: c.id, userId: m.userId } }))
                        }
                      >
                        {t.remove(name)}
                      </button>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        {nextAfter && (
          <button type="button" onClick={() => void more()}>
            {t.moreMembers}
          </button>
        )}
      </section>
      {isAdmin && <InviteLinks conversationId={c.id} />}
      {onOpenMessage && <LazyGallery conversationId={c.id} onOpenMessage={onOpenMessage} />}
      <div>
        <button type="button" className="danger" onClick={() => void leave()}>
          {t.leave}
        </button>
      </div>
    </Panel>
  );
}
