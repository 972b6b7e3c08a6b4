// The numbered migrations, applied in order at start. Add a file NNNN_name.ts and list it here;
// never edit one that has shipped.
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage.js';
import * as m0001 from './0001_init.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Up = (db: Kysely<any>, dialect: Dialect) => Promise<void>;
const ordered: [string, Up][] = [['0001_init', m0001.up]];

export const MIGRATION_NAMES = ordered.map(([name]) => name);

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(ordered.map(([name, up]) => [name, { up: (db: Kysely<unknown>) => up(db, dialect) }]));
}
