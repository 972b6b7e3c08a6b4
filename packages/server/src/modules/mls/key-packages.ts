// The key-package store of the delivery service. A device uploads one-time packages and one
// last-resort package; each must be a suite-1 key package, correctly signed, whose credential
// names the uploading user and device and whose signature key is the device's published bundle
// key. A claim hands out one package per device: the oldest one-time package (deleted as it
// goes), else the last-resort one (kept). Only users who share a conversation with the caller
// (or the caller) can be claimed from, so nobody can drain strangers' packages.
import type {
  ClaimedKeyPackage,
  DeviceRef,
  KeyPackageCountResponse,
  UploadKeyPackagesRequest,
} from '@anytime/protocol';
import { decodeKeyPackage, inspectKeyPackage, keyPackageSignatureValid } from '@anytime/crypto';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';
import { peersOf } from '../keys/directory.js';

/** One-time packages kept per device; older ones go when more are uploaded. */
export const KEY_PACKAGES_PER_DEVICE = 200;

export async function countKeyPackages(db: Kysely<DB>, deviceId: string): Promise<KeyPackageCountResponse> {
  const rows = await db
    .selectFrom('mls_key_packages')
    .select(['last_resort', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('device_id', '=', deviceId)
    .groupBy('last_resort')
    .execute();
  return {
    count: Number(rows.find((r) => r.last_resort === 0)?.n ?? 0),
    lastResort: rows.some((r) => r.last_resort === 1),
  };
}

async function checkPackage(b64: string, auth: AuthContext, signingKey: string): Promise<void> {
  const who = inspectKeyPackage(b64);
  if (!who) throw new ApiError('invalid_mls_message', 'not a key package of cipher suite 1');
  if (who.userId !== auth.userId || who.deviceId !== auth.deviceId || who.signingKey !== signingKey) {
    throw new ApiError('invalid_mls_message', "a key package must name this device and carry its bundle's signing key");
  }
  if (!(await keyPackageSignatureValid(decodeKeyPackage(b64)!))) {
    throw new ApiError('invalid_signature', 'a key package signature does not verify');
  }
}

export async function uploadKeyPackages(
  ctx: AppContext,
  auth: AuthContext,
  input: UploadKeyPackagesRequest,
): Promise<KeyPackageCountResponse> {
  const bundle = await ctx.storage.read
    .selectFrom('device_keys')
    .select('signing_key')
    .where('device_id', '=', auth.deviceId)
    .executeTakeFirst();
  if (!bundle) throw new ApiError('identity_key_missing', "publish this device's key bundle first");
  for (const b64 of [...input.keyPackages, ...(input.lastResort ? [input.lastResort] : [])]) {
    await checkPackage(b64, auth, bundle.signing_key);
  }
  await ctx.storage.write(
    async ({ db }) => {
      const now = nowIso();
      const base = { device_id: auth.deviceId, user_id: auth.userId, created_at: now };
      if (input.lastResort) {
        await db
          .deleteFrom('mls_key_packages')
          .where('device_id', '=', auth.deviceId)
          .where('last_resort', '=', 1)
          .execute();
        await db
          .insertInto('mls_key_packages')
          .values({ id: newId(), ...base, data: input.lastResort, last_resort: 1 })
          .execute();
      }
      if (input.keyPackages.length > 0) {
        await db
          .insertInto('mls_key_packages')
          .values(input.keyPackages.map((data) => ({ id: newId(), ...base, data, last_resort: 0 })))
          .execute();
      }
      const keep = await db
        .selectFrom('mls_key_packages')
        .select('id')
        .where('device_id', '=', auth.deviceId)
        .where('last_resort', '=', 0)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset(KEY_PACKAGES_PER_DEVICE)
        .limit(1_000)
        .execute();
      if (keep.length > 0) {
        await db
          .deleteFrom('mls_key_packages')
          .where(
            'id',
            'in',
            keep.map((r) => r.id),
          )
          .execute();
      }
    },
    { lock: [`user:${auth.userId}`] },
  );
  return countKeyPackages(ctx.storage.read, auth.deviceId);
}

export async function claimKeyPackages(
  ctx: AppContext,
  auth: AuthContext,
  devices: DeviceRef[],
): Promise<ClaimedKeyPackage[]> {
  const allowed = new Set([auth.userId, ...(await peersOf(ctx.storage.read, auth.userId))]);
  const wanted = devices.filter((d) => allowed.has(d.userId));
  const { value } = await ctx.storage.write(async ({ db }) => {
    const out: ClaimedKeyPackage[] = [];
    for (const d of wanted) {
      const live = await db
        .selectFrom('device_keys')
        .innerJoin('devices', 'devices.id', 'device_keys.device_id')
        .select('device_keys.device_id')
        .where('device_keys.device_id', '=', d.deviceId)
        .where('device_keys.user_id', '=', d.userId)
        .where('devices.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!live) continue;
      const kp = await db
        .selectFrom('mls_key_packages')
        .select(['id', 'data', 'last_resort'])
        .where('device_id', '=', d.deviceId)
        .orderBy('last_resort')
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!kp) continue;
      if (kp.last_resort === 0) await db.deleteFrom('mls_key_packages').where('id', '=', kp.id).execute();
      out.push({ userId: d.userId, deviceId: d.deviceId, keyPackage: kp.data, lastResort: kp.last_resort === 1 });
    }
    return out;
  });
  return value;
}
