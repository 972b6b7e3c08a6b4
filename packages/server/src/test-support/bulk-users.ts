// Many users at once for tests of big groups: rows inserted in batches straight into the
// database (registering 10,000 users over HTTP would spend minutes hashing passwords). They
// cannot sign in; register real users beside them for the ones a test acts as.
import { newId } from '../ids.js';
import type { TestServer } from '../testing.js';

export async function bulkUsers(s: TestServer, n: number): Promise<string[]> {
  const now = new Date().toISOString();
  const rows = Array.from({ length: n }, () => {
    const id = newId();
    return {
      id,
      username: id.replace(/-/g, ''),
      display_name: 'Bulk',
      about: '',
      password_hash: '!',
      created_at: now,
      updated_at: now,
    };
  });
  await s.server.ctx.storage.write(async (tx) => {
    for (let i = 0; i < rows.length; i += 1_000) {
      await tx.db
        .insertInto('users')
        .values(rows.slice(i, i + 1_000))
        .execute();
    }
  });
  return rows.map((r) => r.id);
}
