// At start: every data key in the database must be wrapped by the configured master key. A
// server given the wrong key (another node's key file, a mistyped ANYTIME_MASTER_KEY, a restored
// database without its key) refuses to start instead of failing on the first message it reads.
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import type { MasterKey } from './master-key.js';
import { MasterKeyError } from './master-key.js';
import { unwrapDataKey } from './keyring.js';

export async function checkMasterKey(db: Kysely<DB>, master: MasterKey): Promise<void> {
  const others = await db
    .selectFrom('data_keys')
    .select(['master_key_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('master_key_id', '!=', master.id)
    .groupBy('master_key_id')
    .execute();
  if (others.length > 0) {
    const list = others.map((o) => `${o.master_key_id} (${o.n} keys)`).join(', ');
    throw new MasterKeyError(
      `wrong master key: the data keys of this database are wrapped by master key ${list}, but the configured ` +
        `key (${master.source === 'env' ? 'ANYTIME_MASTER_KEY' : 'the key file under DATA_DIR'}) is ${master.id}. ` +
        'Start with the key the data was written with (see docs/encryption-at-rest.md).',
    );
  }
  // The fingerprint matches: one key must also unwrap (a damaged key table is caught here).
  const one = await db.selectFrom('data_keys').selectAll().limit(1).executeTakeFirst();
  if (one) unwrapDataKey(master, one);
}
