// Routes the node's feed to the connections on this node: an index of which local users are in
// which conversation, kept current from conversation events, and each user's connections.
import { isConversationEvent, type Event } from '@anytime/protocol';
import { cursorOf, type CursorValue } from '../events/cursor.js';
import type { Storage, StreamRow } from '../storage/storage.js';
import type { Connection } from './connection.js';

const LOOKUP_BATCH = 1_000;
const EMPTY: ReadonlySet<Connection> = new Set();
const EMPTY_IDS: ReadonlySet<string> = new Set();

export class Router {
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly convUsers = new Map<string, Set<string>>();
  private readonly userConvs = new Map<string, Set<string>>();
  private readonly loading = new Map<string, Promise<void>>();
  /** Rows that arrived while a lookup runs, in stream order. */
  private readonly backlog: StreamRow[] = [];
  private lookingUp = false;

  constructor(
    private readonly storage: Storage,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  get size(): number {
    let n = 0;
    for (const s of this.byUser.values()) n += s.size;
    return n;
  }

  /** Distinct users with at least one connection here. */
  get userCount(): number {
    return this.byUser.size;
  }

  connections(): Connection[] {
    return [...this.byUser.values()].flatMap((s) => [...s]);
  }

  /** Whether a device of the user has a socket on this node (Web Push skips it). */
  hasDevice(userId: string, deviceId: string): boolean {
    for (const c of this.byUser.get(userId) ?? []) if (c.auth.deviceId === deviceId) return true;
    return false;
  }

  /** This node's connections of a user (empty when none). */
  connectionsOf(userId: string): ReadonlySet<Connection> {
    return this.byUser.get(userId) ?? EMPTY;
  }

  /** The users with a connection on this node who are members of a conversation. */
  localMembers(conversationId: string): ReadonlySet<string> {
    return this.convUsers.get(conversationId) ?? EMPTY_IDS;
  }

  /** Registers a connection at once; resolves when its user's memberships are indexed. */
  add(conn: Connection): Promise<void> {
    let set = this.byUser.get(conn.userId);
    if (!set) {
      this.byUser.set(conn.userId, (set = new Set()));
      this.userConvs.set(conn.userId, new Set());
      this.loading.set(conn.userId, this.loadMemberships(conn.userId));
    }
    set.add(conn);
    return this.loading.get(conn.userId) ?? Promise.resolve();
  }

  remove(conn: Connection): void {
    const set = this.byUser.get(conn.userId);
    if (!set?.delete(conn) || set.size > 0) return;
    this.byUser.delete(conn.userId);
    this.loading.delete(conn.userId);
    for (const c of this.userConvs.get(conn.userId) ?? []) {
      const users = this.convUsers.get(c);
      users?.delete(conn.userId);
      if (users?.size === 0) this.convUsers.delete(c);
    }
    this.userConvs.delete(conn.userId);
  }

  private async loadMemberships(userId: string): Promise<void> {
    const rows = await this.storage.read
      .selectFrom('members')
      .select('conversation_id')
      .where('user_id', '=', userId)
      .execute();
    if (!this.byUser.has(userId)) return;
    for (const r of rows) this.link(userId, r.conversation_id);
  }

  private link(userId: string, conversationId: string): void {
    const convs = this.userConvs.get(userId);
    if (!convs) return;
    convs.add(conversationId);
    let users = this.convUsers.get(conversationId);
    if (!users) this.convUsers.set(conversationId, (users = new Set()));
    users.add(userId);
  }

  private unlink(userId: string, conversationId: string): void {
    this.userConvs.get(userId)?.delete(conversationId);
    const users = this.convUsers.get(conversationId);
    users?.delete(userId);
    if (users?.size === 0) this.convUsers.delete(conversationId);
  }

  /** Keeps the index current with an event a local user receives (live or while catching up). */
  note(userId: string, event: Event): void {
    if (!isConversationEvent(event)) return;
    const change = membershipChange(event);
    if (event.type === 'conversation.created' || change?.joined.includes(userId)) {
      this.link(userId, event.conversationId);
    }
    if (change?.left === userId) this.unlink(userId, event.conversationId);
  }

  /**
   * Delivers rows in stream order. A group's creation names no members on the wire (a group may
   * have 10,000), so the router looks up which local users are in it; rows after it wait until
   * that lookup is done, so order is kept.
   */
  route(rows: StreamRow[]): void {
    if (this.lookingUp) {
      for (const row of rows) this.backlog.push(row);
      return;
    }
    this.routeFrom(rows);
  }

  /** Routes rows in order; stops at a group's creation to look its local members up first. */
  private routeFrom(rows: StreamRow[]): void {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const { event, conversationId } = row;
      const isGroup = event.type === 'conversation.created' && event.conversation.kind === 'group';
      if (isGroup && conversationId && this.byUser.size > 0) {
        this.lookingUp = true;
        // Rows routed meanwhile queue behind the rest of this batch.
        const rest = rows.slice(i);
        void this.lookUpCreation(conversationId, event.seq).then(() => {
          const queued = this.backlog.splice(0);
          this.lookingUp = false;
          this.routeOne(rest[0]!);
          this.routeFrom([...rest.slice(1), ...queued]);
        });
        return;
      }
      this.routeOne(row);
    }
  }

  /** Links the local users who were in a group from `seq` on (its creation). */
  private async lookUpCreation(conversationId: string, seq: number): Promise<void> {
    const local = [...this.byUser.keys()];
    try {
      for (let i = 0; i < local.length; i += LOOKUP_BATCH) {
        const found = await this.storage.read
          .selectFrom('members')
          .select('user_id')
          .where('conversation_id', '=', conversationId)
          .where('joined_seq', '<=', seq)
          .where('user_id', 'in', local.slice(i, i + LOOKUP_BATCH))
          .execute();
        for (const r of found) this.link(r.user_id, conversationId);
      }
    } catch (e) {
      this.onError(e);
    }
  }

  private routeOne({ event, conversationId, userId }: StreamRow): void {
    let text: string | undefined;
    let at: CursorValue | undefined;
    const deliver = (conn: Connection) =>
      conn.deliver(event, (text ??= JSON.stringify(event)), (at ??= cursorOf(event)));
    if (conversationId) {
      const change = membershipChange(event);
      if (event.type === 'conversation.created') {
        for (const m of event.conversation.memberIds) if (this.byUser.has(m)) this.link(m, conversationId);
      }
      for (const m of change?.joined ?? []) if (this.byUser.has(m)) this.link(m, conversationId);
      for (const u of this.convUsers.get(conversationId) ?? []) this.byUser.get(u)?.forEach(deliver);
      // A member who left or was removed gets that event, and nothing of the group after it.
      if (change?.left) this.unlink(change.left, conversationId);
    } else if (userId) {
      this.byUser.get(userId)?.forEach(deliver);
    }
  }
}

/** Who an event brings into a conversation or takes out of it. */
function membershipChange(event: Event): { joined: string[]; left: string | null } | null {
  switch (event.type) {
    case 'conversation.created':
      return { joined: event.conversation.memberIds, left: null };
    case 'member.added':
      return { joined: event.members.map((m) => m.userId), left: null };
    case 'member.removed':
      return { joined: [], left: event.userId };
    default:
      return null;
  }
}
