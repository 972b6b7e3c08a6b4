// What both at-rest measures share: a fresh database per bench, the message texts, the sender
// loops (50 direct chats x 16 sends in flight) and the main thread's CPU clock.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtRestBench } from '@anytime/server/at-rest-bench';
import { createPostgresDatabase } from '@anytime/server/test-databases';

export const PAIRS = 50;
const WINDOW = 16;
const WORDS = ['restaurant', 'holiday', 'invoice', 'birthday', 'meeting', 'football', 'concert', 'library'];

export const textOf = (n: number) =>
  `shall we talk about the ${WORDS[n % WORDS.length]} and the ${WORDS[(n * 7) % WORDS.length]} tomorrow? ref ${n.toString(36)}x${randomBytes(3).toString('hex')}`;

/** The main thread's CPU time so far in microseconds (Linux /proc), or undefined. */
export function mainThreadCpuUs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1e6) / 100; // utime + stime, in 1/100 s
  } catch {
    return undefined;
  }
}

/** A bench on a fresh database (a temp DATA_DIR, and a new PostgreSQL database when given a URL). */
export async function openFresh(
  backend: 'sqlite' | 'postgres',
  encrypted: boolean,
  databaseUrl: string | undefined,
): Promise<{ bench: AtRestBench; drop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'anytime-atrest-bench-'));
  const masterKey = randomBytes(32).toString('base64');
  const db = backend === 'postgres' ? await createPostgresDatabase(databaseUrl, 'anytime_atrest') : undefined;
  const bench = await AtRestBench.open({ databaseUrl: db?.url, dataDir, masterKey }, encrypted);
  return {
    bench,
    drop: async () => {
      await bench.close();
      await db?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts WINDOW sender loops per chat; `counting()` says whether a finished send counts.
 * Returns the count so far, and stop() which resolves when every loop has ended.
 */
export function startSending(
  bench: AtRestBench,
  chats: { userId: string; conversationId: string }[],
  counting: () => boolean,
): { counted: () => number; sent: () => number; stop: () => Promise<void> } {
  let stop = false;
  let counted = 0;
  let sent = 0;
  const sender = async (c: { userId: string; conversationId: string }) => {
    while (!stop) {
      await bench.send(c.userId, c.conversationId, textOf(sent++));
      if (counting()) counted += 1;
    }
  };
  const loops = chats.flatMap((c) => Array.from({ length: WINDOW }, () => sender(c)));
  return {
    counted: () => counted,
    sent: () => sent,
    stop: async () => {
      stop = true;
      await Promise.all(loops);
    },
  };
}
