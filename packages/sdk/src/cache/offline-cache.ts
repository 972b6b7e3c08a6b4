// The offline cache: what a signed-in device last knew (its user, the conversation list with
// the user's state of each, the newest messages of each chat, and the profiles it looked up),
// written through as API answers and events arrive, and read back to answer `me`, `getUser`,
// `listConversations` and `listMessages` when the server cannot be reached. Events fold in
// with the client's own reducer, so edits, deletions and expiries change the cache as they
// change the state. One account's entries share a key prefix; sign-out clears them.
import {
  defaultConversationState,
  LIMITS,
  type Conversation,
  type Event,
  type Message,
  type RouteName,
  type RouteResponse,
  type User,
} from '@anytime/protocol';
import type { RouteInput } from '../http/http-client.js';
import { applyEvent } from '../state/apply-event.js';
import { emptyState, type ClientState } from '../state/client-state.js';
import type { CacheStore } from './cache-store.js';

/** Messages kept per conversation (the newest ones). */
export const CACHED_MESSAGES_PER_CHAT = 1_000;

/** The routes the cache records and can answer. */
/** The routes whose answers the cache records (searchUsers only for the profiles in it). */
export type CachedRoute = 'me' | 'updateMe' | 'getUser' | 'searchUsers' | 'listConversations' | 'listMessages';

/** Profiles of other users kept at most (the latest seen win). */
const USERS_MAX = 2_000;

type Cached = Pick<ClientState, 'user' | 'conversations' | 'messages' | 'conversationStates'> & {
  /** Profiles of other users looked up with getUser, by id. */
  users: Readonly<Record<string, User>>;
};

const emptyCache = (): Cached => ({ user: null, conversations: {}, messages: {}, conversationStates: {}, users: {} });

interface Meta {
  user: ClientState['user'];
  conversations: Conversation[];
  states: ClientState['conversationStates'];
}

const META = 'meta';
const USERS = 'users';
const MESSAGES = 'm:';

export interface OfflineCacheOptions {
  /** Messages kept per conversation (default CACHED_MESSAGES_PER_CHAT). */
  maxMessages?: number;
}

export class OfflineCache {
  private readonly maxMessages: number;
  private userId: string | null = null;
  private state: Cached = emptyCache();
  private loading: Promise<void> = Promise.resolve();
  /** Writes run one after another, in the order the changes happened. */
  private writing: Promise<void> = Promise.resolve();
  /** Changes not written yet, by key (a later change to a key replaces an earlier one). */
  private readonly pending = new Map<string, unknown>();
  /** Whether a write is running; changes meanwhile gather in `pending`. */
  private busy = false;

  constructor(
    private readonly store: CacheStore,
    opts: OfflineCacheOptions = {},
  ) {
    this.maxMessages = opts.maxMessages ?? CACHED_MESSAGES_PER_CHAT;
  }

  /** Records a successful answer of a route, for the signed-in `userId`. */
  async record<N extends RouteName>(
    userId: string,
    name: N,
    input: RouteInput<N> | undefined,
    res: RouteResponse<N>,
  ): Promise<void> {
    if (!isCached(name)) return;
    await this.use(userId);
    const before = this.state;
    switch (name) {
      case 'me':
      case 'updateMe':
        this.state = { ...before, user: (res as RouteResponse<'me'>).user };
        break;
      case 'getUser':
        this.state = { ...before, users: withUsers(before.users, [(res as RouteResponse<'getUser'>).user]) };
        break;
      case 'searchUsers':
        this.state = { ...before, users: withUsers(before.users, (res as RouteResponse<'searchUsers'>).users) };
        break;
      case 'listConversations': {
        const { conversations, states } = res as RouteResponse<'listConversations'>;
        const keep = new Set(conversations.map((c) => c.id));
        this.state = {
          ...before,
          conversations: Object.fromEntries(conversations.map((c) => [c.id, c])),
          conversationStates: Object.fromEntries(states.map((s) => [s.conversationId, s])),
          messages: Object.fromEntries(Object.entries(before.messages).filter(([id]) => keep.has(id))),
        };
        break;
      }
      case 'listMessages': {
        const id = (input as RouteInput<'listMessages'>).params.id;
        const fetched = (res as RouteResponse<'listMessages'>).messages;
        this.state = {
          ...before,
          messages: { ...before.messages, [id]: mergeBySeq(before.messages[id] ?? [], fetched) },
        };
        break;
      }
    }
    this.persist(before);
  }

  /** Folds an event the client applied into the cache of the signed-in `userId`. */
  async apply(userId: string, event: Event): Promise<void> {
    await this.use(userId);
    const before = this.state;
    const next = applyEvent({ ...emptyState(), ...before }, event);
    this.state = {
      user: next.user,
      conversations: next.conversations,
      messages: next.messages,
      conversationStates: next.conversationStates,
      users: before.users,
    };
    this.persist(before);
  }

  /** The cached answer of a route for `userId`, or undefined when the cache cannot answer it. */
  async answer<N extends RouteName>(
    userId: string,
    name: N,
    input: RouteInput<N> | undefined,
  ): Promise<RouteResponse<N> | undefined> {
    if (!isCached(name)) return undefined;
    await this.use(userId);
    const s = this.state;
    switch (name) {
      case 'me':
      case 'updateMe':
        // An update cannot be answered from the cache: it must reach the server.
        return name === 'me' && s.user ? ({ user: s.user } as RouteResponse<N>) : undefined;
      case 'getUser': {
        const id = (input as RouteInput<'getUser'>).params.id;
        const user = s.users[id] ?? (s.user?.id === id ? s.user : undefined);
        return user ? ({ user } as RouteResponse<N>) : undefined;
      }
      case 'listConversations': {
        if (Object.keys(s.conversations).length === 0 && s.user === null) return undefined;
        const conversations = ordered(s);
        const states = conversations.map((c) => s.conversationStates[c.id] ?? defaultConversationState(c.id));
        // The newest cached message of each chat (none for a chat whose history was never loaded
        // and that got no message while the app ran).
        const lastMessages = conversations.map((c) => s.messages[c.id]?.at(-1) ?? null);
        return { conversations, states, lastMessages } as RouteResponse<N>;
      }
      case 'listMessages': {
        const { params, query } = input as RouteInput<'listMessages'>;
        const list = s.messages[params.id];
        if (!list && !(params.id in s.conversations)) return undefined;
        return { messages: page(list ?? [], query ?? {}) } as RouteResponse<N>;
      }
    }
    return undefined;
  }

  /** Forgets everything cached on this device (sign-out). */
  async clear(): Promise<void> {
    this.userId = null;
    this.state = emptyCache();
    this.loading = Promise.resolve();
    this.pending.clear();
    this.writing = this.writing.then(() => this.store.clear(''));
    await this.writing;
  }

  /** Resolves when every change so far is stored. */
  async flush(): Promise<void> {
    // Changes waiting for the load are queued after it: let them queue their writes first.
    await this.loading;
    // Until nothing is left: changes that came in during a write are written after it.
    while (this.busy || this.pending.size > 0) {
      this.drain();
      await this.writing;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.store.close?.();
  }

  /** Loads the cache of `userId` when it is not the one in memory. */
  private use(userId: string): Promise<void> {
    if (this.userId !== userId) {
      this.userId = userId;
      this.state = emptyCache();
      const prefix = `${userId}/`;
      this.loading = this.writing.then(async () => {
        const messages: Record<string, readonly Message[]> = {};
        let meta: Meta | null = null;
        let users: Record<string, User> = {};
        for (const [key, value] of await this.store.entries(prefix)) {
          const k = key.slice(prefix.length);
          if (k === META) meta = value as Meta;
          else if (k === USERS) users = value as Record<string, User>;
          else if (k.startsWith(MESSAGES)) messages[k.slice(MESSAGES.length)] = value as Message[];
        }
        // Changes that arrived while loading are already in this.state: they win.
        if (this.userId !== userId) return;
        const live = this.state;
        this.state = {
          user: live.user ?? meta?.user ?? null,
          conversations: {
            ...Object.fromEntries((meta?.conversations ?? []).map((c) => [c.id, c])),
            ...live.conversations,
          },
          conversationStates: { ...(meta?.states ?? {}), ...live.conversationStates },
          messages: { ...messages, ...live.messages },
          users: { ...users, ...live.users },
        };
      });
    }
    return this.loading;
  }

  /** Queues the writes of what changed since `before`. */
  private persist(before: Cached): void {
    const after = this.state;
    if (after === before || this.userId === null) return;
    const prefix = `${this.userId}/`;
    const changes: [string, unknown][] = [];
    if (
      after.user !== before.user ||
      after.conversations !== before.conversations ||
      after.conversationStates !== before.conversationStates
    ) {
      const meta: Meta = {
        user: after.user,
        conversations: Object.values(after.conversations),
        states: after.conversationStates,
      };
      changes.push([prefix + META, meta]);
    }
    if (after.users !== before.users) changes.push([prefix + USERS, after.users]);
    for (const id of new Set([...Object.keys(before.messages), ...Object.keys(after.messages)])) {
      const list = after.messages[id];
      if (list === before.messages[id]) continue;
      changes.push([prefix + MESSAGES + id, list ? list.slice(-this.maxMessages) : undefined]);
    }
    if (changes.length === 0) return;
    for (const [k, v] of changes) this.pending.set(k, v);
    this.drain();
  }

  /**
   * Writes what is pending now, unless a write is running: then it goes when that one ends, so
   * a burst of events (a catch-up, a busy group) becomes few writes, one per chat each.
   */
  private drain(): void {
    if (this.busy || this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    this.busy = true;
    this.writing = this.writing
      .then(() => this.store.write(batch))
      .catch(() => undefined)
      .finally(() => {
        this.busy = false;
        this.drain();
      });
  }
}

function isCached(name: RouteName): name is CachedRoute {
  return (
    name === 'me' ||
    name === 'updateMe' ||
    name === 'getUser' ||
    name === 'searchUsers' ||
    name === 'listConversations' ||
    name === 'listMessages'
  );
}

function withUsers(users: Cached['users'], seen: readonly User[]): Cached['users'] {
  if (seen.length === 0) return users;
  const next = { ...users };
  for (const u of seen) {
    delete next[u.id];
    next[u.id] = u;
  }
  const ids = Object.keys(next);
  for (const id of ids.slice(0, Math.max(0, ids.length - USERS_MAX))) delete next[id];
  return next;
}

/** Pinned first (latest pinned on top), then by last activity: the server's order. */
function ordered(s: Cached): Conversation[] {
  const pinned = (c: Conversation) => s.conversationStates[c.id]?.pinnedAt ?? '';
  return Object.values(s.conversations).sort(
    (a, b) => pinned(b).localeCompare(pinned(a)) || b.lastActivityAt.localeCompare(a.lastActivityAt),
  );
}

/** `list` with the fetched messages in (a fetched message replaces a cached one of its seq). */
function mergeBySeq(list: readonly Message[], fetched: readonly Message[]): readonly Message[] {
  if (fetched.length === 0) return list;
  const bySeq = new Map(list.map((m) => [m.seq, m]));
  for (const m of fetched) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** What GET messages would answer from these messages: ascending, the page the query asks. */
function page(list: readonly Message[], q: { afterSeq?: unknown; beforeSeq?: unknown; limit?: unknown }): Message[] {
  const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));
  const [after, before] = [num(q.afterSeq), num(q.beforeSeq)];
  const limit = num(q.limit) ?? LIMITS.pageDefault;
  const inRange = list.filter(
    (m) => (after === undefined || m.seq > after) && (before === undefined || m.seq < before),
  );
  return after !== undefined ? inRange.slice(0, limit) : inRange.slice(-limit);
}
