// The numbered migrations, applied in order at start. Add a file NNNN_name.ts and list it here;
// never edit one that has shipped.
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage.js';
import * as m0001 from './0001_init.js';
import * as m0002 from './0002_settings.js';
import * as m0003 from './0003_message_actions.js';
import * as m0004 from './0004_groups.js';
import * as m0005 from './0005_conversation_state.js';
import * as m0006 from './0006_contacts_safety_presence.js';
import * as m0007 from './0007_search_push_previews.js';
import * as m0008 from './0008_rate_windows.js';
import * as m0009 from './0009_user_avatars.js';
import * as m0010 from './0010_media.js';
import * as m0011 from './0011_media_jobs.js';
import * as m0012 from './0012_message_media_tags.js';
import * as m0013 from './0013_search_indexer.js';
import * as m0014 from './0014_calls.js';
import * as m0015 from './0015_keys_mls.js';
import * as m0016 from './0016_sealed_backup_history.js';
import * as m0017 from './0017_at_rest.js';
import * as m0018 from './0018_call_media_state.js';
import * as m0019 from './0019_secret_blobs.js';
import * as m0020 from './0020_search_terms_array.js';
import * as m0021 from './0021_search_fts_terms.js';
import * as m0022 from './0022_search_docs_no_body.js';
import * as m0023 from './0023_unsent_secret_blobs.js';
import * as m0024 from './0024_mls_urgent.js';
import * as m0025 from './0025_mls_former_seq.js';
import * as m0026 from './0026_search_file.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Up = (db: Kysely<any>, dialect: Dialect) => Promise<void>;
const ordered: [string, Up][] = [
  ['0001_init', m0001.up],
  ['0002_settings', m0002.up],
  ['0003_message_actions', m0003.up],
  ['0004_groups', m0004.up],
  ['0005_conversation_state', m0005.up],
  ['0006_contacts_safety_presence', m0006.up],
  ['0007_search_push_previews', m0007.up],
  ['0008_rate_windows', m0008.up],
  ['0009_user_avatars', m0009.up],
  ['0010_media', m0010.up],
  ['0011_media_jobs', m0011.up],
  ['0012_message_media_tags', m0012.up],
  ['0013_search_indexer', m0013.up],
  ['0014_calls', m0014.up],
  ['0015_keys_mls', m0015.up],
  ['0016_sealed_backup_history', m0016.up],
  ['0017_at_rest', m0017.up],
  ['0018_call_media_state', m0018.up],
  ['0019_secret_blobs', m0019.up],
  ['0020_search_terms_array', m0020.up],
  ['0021_search_fts_terms', m0021.up],
  ['0022_search_docs_no_body', m0022.up],
  ['0023_unsent_secret_blobs', m0023.up],
  ['0024_mls_urgent', m0024.up],
  ['0025_mls_former_seq', m0025.up],
  ['0026_search_file', m0026.up],
];

export const MIGRATION_NAMES = ordered.map(([name]) => name);

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(ordered.map(([name, up]) => [name, { up: (db: Kysely<unknown>) => up(db, dialect) }]));
}
