// Everything a test server keeps, as text: every row of every table and every file under
// DATA_DIR. Tests grep it for plaintext that must never reach the server.
import type { TestServer } from '@anytime/server';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function dumpDatabase(server: TestServer): Promise<string> {
  const db = server.server.ctx.storage.read;
  const tables = await db.introspection.getTables();
  let out = '';
  for (const t of tables) {
    const rows = await db
      .selectFrom(t.name as 'users')
      .selectAll()
      .execute();
    out += JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
  }
  return out;
}

export async function dataDirText(dir: string | undefined): Promise<string> {
  if (!dir) return '';
  let out = '';
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if ((await stat(path)).isFile()) out += (await readFile(path)).toString('latin1');
  }
  return out;
}
