// The account's key backup (protocol keys.ts): an opaque, client-encrypted blob with its KDF
// parameters. One per account; each upload names the version it replaces, so two devices that
// change it at the same time cannot silently overwrite each other (409 backup_version_conflict,
// the loser fetches, merges and retries). The server cannot open it and never logs it.
import type { BackupKdf, KeyBackup, PutKeyBackupRequest } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { DB, KeyBackupsTable } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';

const toBackup = (r: KeyBackupsTable): KeyBackup => ({
  version: r.version,
  kdf: JSON.parse(r.kdf) as BackupKdf,
  nonce: r.nonce,
  ciphertext: r.ciphertext,
  updatedAt: r.updated_at,
});

export async function getKeyBackup(db: Kysely<DB>, userId: string): Promise<KeyBackup> {
  const row = await db.selectFrom('key_backups').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw new ApiError('not_found', 'no key backup has been stored for this account');
  return toBackup(row);
}

export async function putKeyBackup(ctx: AppContext, auth: AuthContext, input: PutKeyBackupRequest): Promise<KeyBackup> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      const current = await tx.db
        .selectFrom('key_backups')
        .select('version')
        .where('user_id', '=', auth.userId)
        .executeTakeFirst();
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== input.previousVersion) {
        throw new ApiError(
          'backup_version_conflict',
          `the backup is at version ${currentVersion}, not ${input.previousVersion}; fetch it and try again`,
        );
      }
      const row: KeyBackupsTable = {
        user_id: auth.userId,
        version: currentVersion + 1,
        kdf: JSON.stringify(input.kdf),
        nonce: input.nonce,
        ciphertext: input.ciphertext,
        updated_at: nowIso(),
      };
      if (current) {
        await tx.db.updateTable('key_backups').set(row).where('user_id', '=', auth.userId).execute();
      } else {
        await tx.db.insertInto('key_backups').values(row).execute();
      }
      return toBackup(row);
    },
    { lock: [`key-backup:${auth.userId}`] },
  );
  return value;
}
