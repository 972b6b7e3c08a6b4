// Signing in and staying signed in: register/login/logout, and calls that refresh an expired
// access token once (one refresh shared by every concurrent caller) and retry.
import { routes, type AuthResponse, type RouteBody, type RouteName, type RouteResponse } from '@anytime/protocol';
import { ApiError } from '../http/api-error.js';
import type { HttpClient, RouteInput } from '../http/http-client.js';
import type { Session, SessionStore } from './session.js';

export interface AuthOptions {
  http: HttpClient;
  store: SessionStore;
  deviceName?: string;
  /** Called when the session ends for good: logout, revoked device, refresh token refused. */
  onSignedOut?: (reason: SignedOutReason) => void;
}

export type SignedOutReason = 'logout' | 'revoked' | 'refresh_refused';

export class NotSignedInError extends Error {
  override readonly name = 'NotSignedInError';
}

export class Auth {
  private session: Session | null = null;
  private restored: Promise<void> | null = null;
  private refreshing: Promise<Session> | null = null;

  constructor(private readonly opts: AuthOptions) {}

  /** Loads the stored session (once); resolves to it, or null when signed out. */
  async restore(): Promise<Session | null> {
    await (this.restored ??= this.opts.store.load().then((s) => {
      this.session ??= s;
    }));
    return this.session;
  }

  get current(): Session | null {
    return this.session;
  }

  async register(body: RouteBody<'register'>): Promise<AuthResponse> {
    const res = await this.opts.http.call('register', { body: this.withDeviceName(body) });
    await this.adopt(res);
    return res;
  }

  async login(body: RouteBody<'login'>): Promise<AuthResponse> {
    const res = await this.opts.http.call('login', { body: this.withDeviceName(body) });
    await this.adopt(res);
    return res;
  }

  /** Revokes this device on the server (best effort) and forgets the session. */
  async logout(): Promise<void> {
    try {
      if (await this.restore()) await this.call('logout', undefined);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
    } finally {
      await this.end('logout');
    }
  }

  /**
   * A new token pair. `stale` is the access token the caller saw fail: when the session has
   * moved on since, the current one is returned without another refresh.
   */
  async refresh(stale?: string): Promise<Session> {
    const s = await this.restore();
    if (!s) throw new NotSignedInError('not signed in');
    if (stale !== undefined && s.accessToken !== stale) return s;
    if (!this.refreshing) {
      this.refreshing = this.doRefresh(s).finally(() => (this.refreshing = null));
    }
    return this.refreshing;
  }

  async accessToken(): Promise<string> {
    if (this.refreshing) return (await this.refreshing).accessToken;
    const s = await this.restore();
    if (!s) throw new NotSignedInError('not signed in');
    return s.accessToken;
  }

  /** Calls a route, with the bearer token when it needs one; refreshes once on token_expired. */
  async call<N extends RouteName>(name: N, input: RouteInput<N> | undefined): Promise<RouteResponse<N>> {
    if (!routes[name].auth) return this.opts.http.call(name, input);
    const token = await this.accessToken();
    try {
      return await this.opts.http.call(name, input, token);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'token_expired') throw e;
      const fresh = await this.refresh(token);
      return this.opts.http.call(name, input, fresh.accessToken);
    }
  }

  /** Runs `fn` with the access token; refreshes once on token_expired. */
  async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    try {
      return await fn(token);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'token_expired') throw e;
      const fresh = await this.refresh(token);
      return fn(fresh.accessToken);
    }
  }

  /** Forgets the session (after the server has ended it). */
  async end(reason: SignedOutReason): Promise<void> {
    const had = this.session !== null;
    this.session = null;
    this.restored = Promise.resolve();
    await this.opts.store.clear();
    if (had) this.opts.onSignedOut?.(reason);
  }

  private async doRefresh(s: Session): Promise<Session> {
    let res;
    try {
      res = await this.opts.http.call('refresh', { body: { refreshToken: s.refreshToken } });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid_refresh_token') await this.end('refresh_refused');
      throw e;
    }
    const next = sessionOf(s.userId, res);
    // The old refresh token is dead now: the new one must be stored before anyone uses it.
    await this.opts.store.save(next);
    this.session = next;
    return next;
  }

  private async adopt(res: AuthResponse): Promise<void> {
    const next = sessionOf(res.user.id, res);
    await this.opts.store.save(next);
    this.session = next;
    this.restored = Promise.resolve();
  }

  private withDeviceName<B extends { deviceName?: string | undefined }>(body: B): B {
    return body.deviceName === undefined && this.opts.deviceName !== undefined
      ? { ...body, deviceName: this.opts.deviceName }
      : body;
  }
}

/** The stored session for a user from the tokens of a register, login or refresh answer. */
function sessionOf(userId: string, tokens: Omit<Session, 'userId'>): Session {
  return {
    userId,
    deviceId: tokens.deviceId,
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshToken: tokens.refreshToken,
  };
}
