// Keeps this node's part of presence in the database and tells every node when a user's state
// changes: a user's first socket on this node writes the node's row, the last one to close
// deletes it (and stamps last seen when no other node holds a socket). Changes go out on the
// broker as the user's actual state; each node filters by privacy for its own viewers.
// Presence never fans out to everyone: only connections that subscribed to a user get frames.
import type { Presence } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import type { Connection } from '../../gateway/connection.js';
import type { Router } from '../../gateway/router.js';
import { ApiError } from '../../http/errors.js';
import { RateLimiter } from '../accounts/rate-limit.js';
import { presenceStates } from './state.js';
import { hidden, mutuallyVisible, shown, type PresenceState } from './visibility.js';

export const PRESENCE_SUBJECT = 'anytime.presence';
const SUBSCRIBES_PER_MINUTE = 30;

export class PresenceTracker {
  /** Users whose row this node has written (what the database holds for this node). */
  private readonly written = new Set<string>();
  private readonly chains = new Map<string, Promise<void>>();
  /** Which local connections follow which user. */
  private readonly watchers = new Map<string, Set<Connection>>();
  /** Per connection, the users it follows and the status last sent for each ('' before any). */
  private readonly follows = new Map<Connection, Map<string, string>>();
  private readonly refresher: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;
  /** When the last local socket of a user closed, for users in their offline grace period. */
  private readonly closedAt = new Map<string, string>();
  /** Each subscribe reads the database: a connection may replace its follows this often. */
  private readonly subscribeLimit = new RateLimiter(SUBSCRIBES_PER_MINUTE, 60_000);

  constructor(
    private readonly ctx: AppContext,
    private readonly router: Router,
  ) {
    this.unsubscribe = ctx.broker.subscribe(PRESENCE_SUBJECT, (p) => void this.onChange(p as PresenceState));
    this.refresher = setInterval(() => void this.refresh(), ctx.config.PRESENCE_REFRESH_MS);
    this.refresher.unref();
  }

  /** Forgets rows a previous run of this node left behind (same NODE_ID). */
  async start(): Promise<void> {
    await this.ctx.storage.write(async (tx) => {
      await tx.db.deleteFrom('presence').where('node_id', '=', this.ctx.config.nodeId).execute();
    });
  }

  /**
   * Call after a connection was added to or removed from the router. The last socket's close
   * takes effect after PRESENCE_OFFLINE_GRACE_MS, so a reload or a quick reconnect changes
   * nothing for viewers; the last-seen time is still the moment it closed.
   */
  changed(userId: string): void {
    const grace = this.ctx.config.PRESENCE_OFFLINE_GRACE_MS;
    if (grace > 0 && this.written.has(userId) && this.router.connectionsOf(userId).size === 0) {
      if (!this.closedAt.has(userId)) this.closedAt.set(userId, nowIso());
      setTimeout(() => this.enqueue(userId), grace).unref();
      return;
    }
    this.enqueue(userId);
  }

  private enqueue(userId: string): void {
    const prev = this.chains.get(userId) ?? Promise.resolve();
    const next = prev
      .then(() => this.reconcile(userId))
      .catch((e: unknown) => this.ctx.log.error({ err: e }, 'presence update failed'));
    this.chains.set(userId, next);
    void next.then(() => {
      if (this.chains.get(userId) === next) this.chains.delete(userId);
    });
  }

  /** Brings this node's row for the user in line with its sockets now; publishes a change. */
  private async reconcile(userId: string): Promise<void> {
    if (this.closed) return;
    const local = this.router.connectionsOf(userId).size > 0;
    const closedAt = this.closedAt.get(userId);
    this.closedAt.delete(userId);
    if (local === this.written.has(userId)) return;
    const node = this.ctx.config.nodeId;
    const now = local ? nowIso() : (closedAt ?? nowIso());
    const refreshMs = this.ctx.config.PRESENCE_REFRESH_MS;
    if (local) {
      this.written.add(userId);
      // Already online through another node: viewers see no change.
      const before = (await presenceStates(this.ctx.storage.read, [userId], refreshMs)).get(userId)!;
      await this.ctx.storage.write(async (tx) => {
        await tx.db
          .insertInto('presence')
          .values({ user_id: userId, node_id: node, alive_at: now })
          .onConflict((oc) => oc.columns(['user_id', 'node_id']).doUpdateSet({ alive_at: now }))
          .execute();
      });
      if (before.online) return;
    } else {
      this.written.delete(userId);
      await this.ctx.storage.write(async (tx) => {
        await tx.db.deleteFrom('presence').where('user_id', '=', userId).where('node_id', '=', node).execute();
        await tx.db
          .insertInto('last_seen')
          .values({ user_id: userId, at: now })
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ at: now }))
          .execute();
      });
    }
    const state = (await presenceStates(this.ctx.storage.read, [userId], refreshMs)).get(userId)!;
    // Going offline here while another node still holds a socket changes nothing for viewers.
    if (!local && state.online) return;
    this.ctx.broker.publish(PRESENCE_SUBJECT, state);
  }

  private async refresh(): Promise<void> {
    if (this.written.size === 0) return;
    try {
      await this.ctx.storage.write(async (tx) => {
        await tx.db
          .updateTable('presence')
          .set({ alive_at: nowIso() })
          .where('node_id', '=', this.ctx.config.nodeId)
          .execute();
      });
    } catch (e) {
      this.ctx.log.warn({ err: e }, 'presence refresh failed');
    }
  }

  /** The users' presence as `viewer` may see it (hidden where not allowed or unknown). */
  async visible(viewer: string, userIds: string[]): Promise<Presence[]> {
    const ids = [...new Set(userIds)];
    const [allowed, states] = await Promise.all([
      mutuallyVisible(this.ctx.storage.read, viewer, ids),
      presenceStates(this.ctx.storage.read, ids, this.ctx.config.PRESENCE_REFRESH_MS),
    ]);
    const known = new Set(
      (await this.ctx.storage.read.selectFrom('users').select('id').where('id', 'in', ids).execute()).map((r) => r.id),
    );
    return ids.map((id) => (allowed.has(id) && known.has(id) ? shown(states.get(id)!) : hidden(id)));
  }

  /** Replaces what a connection follows, and sends it the current presence of each it lacks. */
  async subscribe(conn: Connection, userIds: string[]): Promise<void> {
    const retryAfter = this.subscribeLimit.hit(String(conn.id));
    if (retryAfter > 0) throw new ApiError('rate_limited', 'too many presence subscriptions', retryAfter);
    // What this connection already got stays known: following a user again sends nothing new.
    const before = this.follows.get(conn);
    this.unfollow(conn);
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return;
    const sent = new Map(ids.map((id) => [id, before?.get(id) ?? '']));
    this.follows.set(conn, sent);
    for (const id of ids) {
      let set = this.watchers.get(id);
      if (!set) this.watchers.set(id, (set = new Set()));
      set.add(conn);
    }
    const current = await this.visible(conn.userId, ids);
    // A change that reached this connection while the database was read is newer than the read.
    for (const presence of current)
      if (sent.get(presence.userId) === (before?.get(presence.userId) ?? '')) this.sendIfNew(conn, presence);
  }

  /** Sends a presence frame unless the connection already has this very state (changes may race). */
  private sendIfNew(conn: Connection, presence: Presence): void {
    const sent = this.follows.get(conn);
    if (!sent?.has(presence.userId)) return;
    const key = `${presence.status}|${presence.lastSeenAt ?? ''}`;
    if (sent.get(presence.userId) === key) return;
    sent.set(presence.userId, key);
    conn.send({ type: 'presence', presence });
  }

  /** Call when a connection closes. */
  unfollow(conn: Connection): void {
    for (const id of this.follows.get(conn)?.keys() ?? []) {
      const set = this.watchers.get(id);
      set?.delete(conn);
      if (set?.size === 0) this.watchers.delete(id);
    }
    this.follows.delete(conn);
  }

  private async onChange(state: PresenceState): Promise<void> {
    const conns = this.watchers.get(state.userId);
    if (!conns || conns.size === 0) return;
    try {
      const viewers = [...new Set([...conns].map((c) => c.userId))];
      const allowed = await mutuallyVisible(this.ctx.storage.read, state.userId, viewers);
      const presence = shown(state);
      for (const c of this.watchers.get(state.userId) ?? []) if (allowed.has(c.userId)) this.sendIfNew(c, presence);
    } catch (e) {
      this.ctx.log.error({ err: e }, 'presence delivery failed');
    }
  }

  /** On shutdown: this node's users go offline (other nodes are told); later changes are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.refresher);
    await Promise.all([...this.chains.values()]);
    const users = [...this.written];
    this.written.clear();
    if (users.length > 0) {
      const now = nowIso();
      try {
        await this.ctx.storage.write(async (tx) => {
          await tx.db.deleteFrom('presence').where('node_id', '=', this.ctx.config.nodeId).execute();
          for (let i = 0; i < users.length; i += 500) {
            await tx.db
              .insertInto('last_seen')
              .values(users.slice(i, i + 500).map((user_id) => ({ user_id, at: now })))
              .onConflict((oc) => oc.column('user_id').doUpdateSet({ at: now }))
              .execute();
          }
        });
        const states = await presenceStates(this.ctx.storage.read, users, this.ctx.config.PRESENCE_REFRESH_MS);
        for (const s of states.values()) if (!s.online) this.ctx.broker.publish(PRESENCE_SUBJECT, s);
      } catch (e) {
        this.ctx.log.warn({ err: e }, 'presence cleanup at shutdown failed');
      }
    }
    this.unsubscribe();
  }
}
