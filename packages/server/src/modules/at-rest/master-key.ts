// The master key that wraps every data key of encryption at rest (docs/encryption-at-rest.md).
// It comes from ANYTIME_MASTER_KEY (base64 of 32 bytes; what several PostgreSQL nodes share, kept
// in a secret manager apart from the database) or, when unset, from a key file under DATA_DIR,
// created at first start with mode 0600. A file with wider permissions or the wrong size stops
// the start: a key that others could read, or a damaged one, must not be used silently.
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const MASTER_KEY_FILE = 'master.key';
export const MASTER_KEY_BYTES = 32;

export interface MasterKey {
  key: Buffer;
  /** A public fingerprint of the key: which master key wrapped a data key (never the key itself). */
  id: string;
  source: 'env' | 'file';
}

export class MasterKeyError extends Error {}

/** The fingerprint stored beside each wrapped data key. */
export function masterKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('anytime master key id v1').digest('base64url').slice(0, 16);
}

/** Decodes ANYTIME_MASTER_KEY; undefined when it is not a base64 encoding of exactly 32 bytes. */
export function decodeMasterKey(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim())) return undefined;
  const key = Buffer.from(value.trim(), 'base64');
  return key.length === MASTER_KEY_BYTES ? key : undefined;
}

function readKeyFile(file: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY);
  try {
    const st = fstatSync(fd);
    if ((st.mode & 0o077) !== 0) {
      throw new MasterKeyError(
        `master key file ${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 on it`,
      );
    }
    const key = readFileSync(fd);
    if (key.length !== MASTER_KEY_BYTES) {
      throw new MasterKeyError(`master key file ${file} holds ${key.length} bytes, not ${MASTER_KEY_BYTES}: damaged?`);
    }
    return key;
  } finally {
    closeSync(fd);
  }
}

/** Reads the key file under dataDir, creating it (0600, exclusively) when there is none. */
export function keyFileMasterKey(dataDir: string): Buffer {
  const file = join(dataDir, MASTER_KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      writeSync(fd, randomBytes(MASTER_KEY_BYTES));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return readKeyFile(file);
}

/** The master key for this configuration (validated ANYTIME_MASTER_KEY, or the key file). */
export function loadMasterKey(config: {
  ANYTIME_MASTER_KEY?: string | undefined;
  dataDir: string;
  /** PostgreSQL: no key file is created (nodes would each make their own). */
  postgres?: boolean;
}): MasterKey {
  if (config.ANYTIME_MASTER_KEY) {
    const key = decodeMasterKey(config.ANYTIME_MASTER_KEY);
    if (!key) throw new MasterKeyError('ANYTIME_MASTER_KEY must be the base64 encoding of exactly 32 bytes');
    return { key, id: masterKeyId(key), source: 'env' };
  }
  // Several PostgreSQL nodes must share one key: a file made by one node is unknown to the others.
  if (config.postgres && !existsSync(join(config.dataDir, MASTER_KEY_FILE))) {
    throw new MasterKeyError(
      'on PostgreSQL set ANYTIME_MASTER_KEY (base64 of 32 bytes, the same on every node; e.g. openssl rand -base64 32), ' +
        `or place an existing key file at ${join(config.dataDir, MASTER_KEY_FILE)} (mode 0600)`,
    );
  }
  const key = keyFileMasterKey(config.dataDir);
  return { key, id: masterKeyId(key), source: 'file' };
}
