// Key rotation for encryption at rest, for operators (docs/encryption-at-rest.md). Run it with
// every server node stopped (their caches hold unwrapped keys), against the same DATA_DIR /
// DATABASE_URL / ANYTIME_MASTER_KEY as the server:
//   npm run rotate-keys -w @anytime/server -- --new-master-key-file <file>   rewrap under a new master key
//   npm run rotate-keys -w @anytime/server -- --new-master-key               (key file mode) make one
//   npm run rotate-keys -w @anytime/server -- --reencrypt <conversationId>   fresh data key, content rewritten
//   npm run rotate-keys -w @anytime/server -- --reencrypt-all                every conversation
// Prints one JSON line per step; never prints a key.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.js';
import {
  decodeMasterKey,
  MASTER_KEY_BYTES,
  MASTER_KEY_FILE,
  masterKeyId,
  type MasterKey,
} from './modules/at-rest/master-key.js';
import { allConversationIds, reencryptConversation, rewrapAll } from './modules/at-rest/rotate.js';
import { openStorage } from './storage/open.js';

function readNewKey(file: string): Buffer {
  const raw = readFileSync(file);
  const key = raw.length === MASTER_KEY_BYTES ? raw : decodeMasterKey(raw.toString('utf8'));
  if (!key) throw new Error(`${file} must hold 32 bytes, or their base64 encoding`);
  return key;
}

/** Writes a key file (0600) atomically: a temp file renamed over the target. */
function writeKeyFile(path: string, key: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, key);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

export async function runRotateKeysCli(
  env: Record<string, string | undefined>,
  args: string[],
  write: (line: string) => void,
): Promise<void> {
  const arg = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (!v || v.startsWith('--')) throw new Error(`${name} needs a value`);
    return v;
  };
  const keyFile = arg('--new-master-key-file');
  const generate = args.includes('--new-master-key');
  const conversation = arg('--reencrypt');
  const all = args.includes('--reencrypt-all');
  if (!keyFile && !generate && !conversation && !all) {
    throw new Error(
      'say what to do: --new-master-key-file <file>, --new-master-key, --reencrypt <id> or --reencrypt-all',
    );
  }
  const config = loadConfig(env);
  if (generate && config.ANYTIME_MASTER_KEY) {
    throw new Error(
      '--new-master-key makes a key file; with ANYTIME_MASTER_KEY give the new key with --new-master-key-file',
    );
  }
  const storage = await openStorage(config, () => undefined);
  try {
    const keyring = storage.keyring!;
    for (const id of all ? await allConversationIds(storage) : conversation ? [conversation] : []) {
      const r = await reencryptConversation(storage, keyring, id);
      write(JSON.stringify({ step: 'reencrypt', conversationId: id, rows: r.rows, keyVersion: r.version }));
    }
    if (keyFile || generate) {
      const key = keyFile ? readNewKey(keyFile) : randomBytes(MASTER_KEY_BYTES);
      const next: MasterKey = { key, id: masterKeyId(key), source: config.ANYTIME_MASTER_KEY ? 'env' : 'file' };
      const target = join(config.dataDir, MASTER_KEY_FILE);
      // Key file mode: the new key is on disk (beside the old) before any data key depends on it.
      const pending = `${target}.new`;
      if (!config.ANYTIME_MASTER_KEY) writeKeyFile(pending, key);
      const n = await rewrapAll(storage, keyring, next);
      if (!config.ANYTIME_MASTER_KEY) renameSync(pending, target);
      else rmSync(pending, { force: true });
      write(
        JSON.stringify({
          step: 'rewrap',
          dataKeys: n,
          masterKeyId: next.id,
          next: config.ANYTIME_MASTER_KEY ? 'set ANYTIME_MASTER_KEY to the new key on every node, then start' : 'start',
        }),
      );
    }
  } finally {
    await storage.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runRotateKeysCli(process.env, process.argv.slice(2), (l) => process.stdout.write(`${l}\n`)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
