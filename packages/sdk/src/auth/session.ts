// What a signed-in device must remember (tokens, device and user ids) and where it keeps it.
import type { AuthResponse } from '@anytime/protocol';

export type Session = Pick<AuthResponse, 'deviceId' | 'accessToken' | 'accessTokenExpiresAt' | 'refreshToken'> & {
  userId: string;
};

/** Keeps the session between runs. save() must be durable before it resolves: refresh tokens rotate. */
export interface SessionStore {
  load(): Promise<Session | null>;
  save(session: Session): Promise<void>;
  clear(): Promise<void>;
}

export class MemorySessionStore implements SessionStore {
  private session: Session | null = null;

  async load(): Promise<Session | null> {
    return this.session ? { ...this.session } : null;
  }

  async save(session: Session): Promise<void> {
    this.session = { ...session };
  }

  async clear(): Promise<void> {
    this.session = null;
  }
}

/** Checks that stored data still looks like a session (stores outlive SDK versions). */
export function asSession(v: unknown): Session | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const keys = ['deviceId', 'accessToken', 'accessTokenExpiresAt', 'refreshToken', 'userId'] as const;
  if (!keys.every((k) => typeof o[k] === 'string')) return null;
  return {
    deviceId: o['deviceId'] as string,
    accessToken: o['accessToken'] as string,
    accessTokenExpiresAt: o['accessTokenExpiresAt'] as string,
    refreshToken: o['refreshToken'] as string,
    userId: o['userId'] as string,
  };
}
