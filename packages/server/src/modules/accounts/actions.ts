// Account actions: register, login, refresh, logout, devices, profile. Each validates,
// authorizes, writes in one transaction and returns what the route answers; events they cause
// (device.revoked, user.updated) are appended in the same transaction.
import { newId } from '../../ids.js';
import type {
  AuthResponse,
  Device,
  LoginRequest,
  RefreshResponse,
  RegisterRequest,
  UpdateProfileRequest,
  User,
} from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { isUniqueViolation } from '../../storage/storage.js';
import { forgetDeviceSubscription } from '../push/subscriptions.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { newRefreshToken, splitRefreshToken, type AuthContext } from './tokens.js';
import { toUser, userColumns } from './users.js';
import { dropDeviceKeys } from '../keys/drop-device-keys.js';

async function newSession(ctx: AppContext, user: User, deviceId: string, refreshToken: string): Promise<AuthResponse> {
  const access = await ctx.tokens.issueAccess({ userId: user.id, deviceId });
  return { user, deviceId, ...access, refreshToken };
}

function deviceRow(userId: string, name: string | undefined, now: string) {
  const id = newId();
  const refresh = newRefreshToken(id);
  return {
    row: {
      id,
      user_id: userId,
      name: name ?? 'Unnamed device',
      created_at: now,
      last_seen_at: now,
      revoked_at: null,
      refresh_hash: refresh.hash,
      refresh_prev_hash: null,
      sync_cursor: null,
    },
    refreshToken: refresh.token,
  };
}

export async function register(ctx: AppContext, input: RegisterRequest): Promise<AuthResponse> {
  const passwordHash = await hashPassword(input.password, ctx.config.PASSWORD_HASH_COST);
  const now = nowIso();
  const userRow = {
    id: newId(),
    username: input.username,
    display_name: input.displayName ?? input.username,
    about: '',
    password_hash: passwordHash,
    created_at: now,
    updated_at: now,
  };
  const device = deviceRow(userRow.id, input.deviceName, now);
  try {
    await ctx.storage.write(async ({ db }) => {
      await db.insertInto('users').values(userRow).execute();
      await db.insertInto('devices').values(device.row).execute();
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError('username_taken', 'that username is taken');
    throw e;
  }
  return newSession(ctx, toUser({ ...userRow, avatar_version: 0 }), device.row.id, device.refreshToken);
}

export async function login(ctx: AppContext, input: LoginRequest, ip: string): Promise<AuthResponse> {
  const wait = Math.max(await ctx.loginLimits.perIp.hit(ip), await ctx.loginLimits.perUsername.hit(input.username));
  if (wait > 0) throw new ApiError('rate_limited', 'too many sign-in attempts; try again later', wait);
  const row = await ctx.storage.read
    .selectFrom('users')
    .select([...userColumns, 'password_hash'])
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (!row) {
    await burnPasswordCheck(ctx.config.PASSWORD_HASH_COST);
    throw new ApiError('invalid_credentials', 'wrong username or password');
  }
  if (!(await verifyPassword(input.password, row.password_hash))) {
    throw new ApiError('invalid_credentials', 'wrong username or password');
  }
  const device = deviceRow(row.id, input.deviceName, nowIso());
  await ctx.storage.write(async ({ db }) => {
    await db.insertInto('devices').values(device.row).execute();
  });
  return newSession(ctx, toUser(row), device.row.id, device.refreshToken);
}

export async function refresh(ctx: AppContext, token: string): Promise<RefreshResponse> {
  const parts = splitRefreshToken(token);
  const invalid = new ApiError('invalid_refresh_token', 'refresh token is not valid');
  if (!parts) throw invalid;
  const next = newRefreshToken(parts.deviceId);
  const outcome = await ctx.storage.write(
    async (tx) => {
      const device = await tx.db
        .selectFrom('devices')
        .select(['user_id', 'refresh_hash', 'refresh_prev_hash', 'revoked_at'])
        .where('id', '=', parts.deviceId)
        .executeTakeFirst();
      if (!device || device.revoked_at) return 'invalid' as const;
      if (device.refresh_hash === parts.hash) {
        const r = await tx.db
          .updateTable('devices')
          .set({ refresh_hash: next.hash, refresh_prev_hash: parts.hash, last_seen_at: nowIso() })
          .where('id', '=', parts.deviceId)
          .where('refresh_hash', '=', parts.hash)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) === 1 ? { userId: device.user_id } : ('invalid' as const);
      }
      if (device.refresh_prev_hash === parts.hash) {
        // A used refresh token came back: someone holds a copy. Sign the device out.
        await revokeInTx(tx, device.user_id, parts.deviceId);
        return 'reused' as const;
      }
      return 'invalid' as const;
    },
    { lock: [`device:${parts.deviceId}`] },
  );
  const r = outcome.value;
  if (r === 'reused') {
    ctx.log.warn({ deviceId: parts.deviceId }, 'refresh token reuse; device revoked');
    throw invalid;
  }
  if (r === 'invalid') throw invalid;
  const access = await ctx.tokens.issueAccess({ userId: r.userId, deviceId: parts.deviceId });
  return { deviceId: parts.deviceId, ...access, refreshToken: next.token };
}

async function revokeInTx(
  tx: Parameters<Parameters<AppContext['storage']['write']>[0]>[0],
  userId: string,
  deviceId: string,
): Promise<boolean> {
  const now = nowIso();
  const r = await tx.db
    .updateTable('devices')
    .set({ revoked_at: now, refresh_hash: null, refresh_prev_hash: null })
    .where('id', '=', deviceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await forgetDeviceSubscription(tx.db, deviceId);
  await dropDeviceKeys(tx, userId, deviceId);
  await tx.append({ type: 'device.revoked', at: now, deviceId }, { userId });
  return true;
}

export async function revokeDevice(ctx: AppContext, auth: AuthContext, deviceId: string): Promise<void> {
  const { value } = await ctx.storage.write((tx) => revokeInTx(tx, auth.userId, deviceId), {
    lock: [`user:${auth.userId}`],
  });
  if (!value) throw new ApiError('not_found', 'no such device');
}

export async function listDevices(ctx: AppContext, auth: AuthContext): Promise<Device[]> {
  const rows = await ctx.storage.read
    .selectFrom('devices')
    .select(['id', 'name', 'created_at', 'last_seen_at'])
    .where('user_id', '=', auth.userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    current: r.id === auth.deviceId,
  }));
}

export async function updateProfile(ctx: AppContext, auth: AuthContext, input: UpdateProfileRequest): Promise<User> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      const now = nowIso();
      await tx.db
        .updateTable('users')
        .set({
          ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
          ...(input.about !== undefined ? { about: input.about } : {}),
          updated_at: now,
        })
        .where('id', '=', auth.userId)
        .execute();
      const row = await tx.db
        .selectFrom('users')
        .select(userColumns)
        .where('id', '=', auth.userId)
        .executeTakeFirstOrThrow();
      const user = toUser(row);
      await tx.append({ type: 'user.updated', at: now, user }, { userId: auth.userId });
      return user;
    },
    { lock: [`user:${auth.userId}`] },
  );
  return value;
}

const LAST_SEEN_EVERY_MS = 60_000;

/** Checks that the token's device is still signed in; notes when it was last seen. */
export async function requireActiveDevice(ctx: AppContext, auth: AuthContext): Promise<void> {
  const d = await ctx.storage.read
    .selectFrom('devices')
    .select(['revoked_at', 'last_seen_at', 'user_id'])
    .where('id', '=', auth.deviceId)
    .executeTakeFirst();
  if (!d || d.revoked_at || d.user_id !== auth.userId) throw new ApiError('unauthorized', 'this device is signed out');
  if (Date.now() - Date.parse(d.last_seen_at) > LAST_SEEN_EVERY_MS) {
    void ctx.storage
      .write(async ({ db }) => {
        await db.updateTable('devices').set({ last_seen_at: nowIso() }).where('id', '=', auth.deviceId).execute();
      })
      .catch((err: unknown) => ctx.log.warn({ err }, 'last_seen update failed'));
  }
}
