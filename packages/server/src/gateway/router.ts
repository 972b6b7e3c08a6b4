// Routes the node's feed to the connections on this node: an index of which local users are in
// which conversation, kept current from conversation events, and each user's connections.
import type { Event } from '@anytime/protocol';
import { cursorOf, type CursorValue } from '../events/cursor.js';
import type { Storage, StreamRow } from '../storage/storage.js';
import type { Connection } from './connection.js';

export class Router {
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly convUsers = new Map<string, Set<string>>();
  private readonly userConvs = new Map<string, Set<string>>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly storage: Storage) {}

  get size(): number {
    let n = 0;
    for (const s of this.byUser.values()) n += s.size;
    return n;
  }

  connections(): Connection[] {
    return [...this.byUser.values()].flatMap((s) => [...s]);
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

  /** Keeps the index current with an event a local user receives (live or while catching up). */
  note(userId: string, event: Event): void {
    if (event.type === 'conversation.created') this.link(userId, event.conversationId);
  }

  route(rows: StreamRow[]): void {
    for (const { event, conversationId, userId } of rows) {
      let text: string | undefined;
      let at: CursorValue | undefined;
      const deliver = (conn: Connection) =>
        conn.deliver(event, (text ??= JSON.stringify(event)), (at ??= cursorOf(event)));
      if (conversationId) {
        if (event.type === 'conversation.created') {
          for (const m of event.conversation.memberIds) if (this.byUser.has(m)) this.link(m, conversationId);
        }
        for (const u of this.convUsers.get(conversationId) ?? []) this.byUser.get(u)?.forEach(deliver);
      } else if (userId) {
        this.byUser.get(userId)?.forEach(deliver);
      }
    }
  }
}
