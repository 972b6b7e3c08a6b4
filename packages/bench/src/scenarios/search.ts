// Scenario f: message search over a large history (1,000,000 messages in a full run) spread
// over 1,000 groups. The history is bulk-loaded through the server's own storage and search
// index (`@anytime/server/bench-seed`); the searcher is a member of one group in ten, so most
// matches are in conversations they may not see, as on a real server. Queries of several kinds
// (a rare word, a word in one message in a thousand, a common word, a prefix, an infix, two
// words, no match, within one conversation) go through GET /v1/search one after the other;
// p50/p99 of each kind and of all together are reported.
import { Seeder, type SeedMessage } from '@anytime/server/bench-seed';
import { DeliveryLedger } from '../delivery-ledger.js';
import { prng } from '../prng.js';
import { formatPercentiles, formatUsage, formatValue } from '../format.js';
import { LatencyHistogram } from '../histogram.js';
import { createConversation, search, type BenchUser } from '../http-client.js';
import { ResourceMonitor } from '../proc-stats.js';
import type { Timing } from '../timing.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

const GROUPS = 1_000;
const BATCH = 20_000;
const QUERY_ROUNDS = 40;

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'de', 'ba', 'go', 'pe', 'zu', 'fi', 'ho', 'ja'];

/** A vocabulary of pseudo-words, picked with a Zipf-like skew like real text. */
function vocabulary(random: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let w = '';
    const n = 2 + Math.floor(random() * 3);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

function sentence(random: () => number, words: string[]): string {
  const n = 4 + Math.floor(random() * 12);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words[Math.floor(words.length * random() ** 3)]!);
  // Known words at known rates: one message in a thousand names a restaurant, one in a hundred
  // thousand Zanzibar; a café (with its accent) in one in two hundred.
  const r = random();
  if (r < 0.001) out.splice(1, 0, 'restaurant');
  else if (r < 0.00101) out.splice(2, 0, 'Zanzibar');
  else if (r < 0.00601) out.push('Café');
  return out.join(' ');
}

interface QueryKind {
  name: string;
  q: string;
  inConversation?: boolean;
}

export async function runSearch(world: BenchWorld, id: string, timing: Timing): Promise<ScenarioResult> {
  const total = timing.searchMessages;
  const random = prng(42);
  const words = vocabulary(random, 5_000);
  const searcher: BenchUser = world.receivers[0]!;
  const owners = world.senders;
  const setupStart = performance.now();
  const groups: string[] = [];
  const mine: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const owner = owners[g % owners.length]!;
    const withSearcher = g % 10 === 0;
    const c = await createConversation(world.server.baseUrl, owner, {
      kind: 'group',
      title: `search ${g}`,
      memberIds: withSearcher ? [searcher.id] : [],
    });
    groups.push(c.id);
    if (withSearcher) mine.push(c.id);
  }
  // The history is loaded while the server is stopped, so that the load has the database to itself
  // (on SQLite a second writer beside the server made the WAL grow without bound).
  await world.server.restart(async () => {
    const seeder = await Seeder.open({
      databaseUrl: world.databaseUrl,
      dataDir: world.server.dataDir,
      masterKey: world.server.masterKey,
    });
    try {
      for (let done = 0; done < total; done += BATCH) {
        const batch: SeedMessage[] = [];
        for (let i = done; i < Math.min(total, done + BATCH); i++) {
          const g = Math.floor(random() * GROUPS);
          batch.push({
            conversationId: groups[g]!,
            senderId: owners[g % owners.length]!.id,
            text: sentence(random, words),
          });
        }
        await seeder.add(batch);
      }
    } finally {
      await seeder.close();
    }
  });
  world.watched.serverPid = world.server.pid;
  const seedSeconds = (performance.now() - setupStart) / 1000;

  const common = words[0]!;
  const kinds: QueryKind[] = [
    { name: 'rare word', q: 'zanzibar' },
    { name: 'prefix "restau"', q: 'restau' },
    { name: 'infix "aurant"', q: 'aurant' },
    { name: 'accent-folded "cafe"', q: 'cafe' },
    { name: `common word "${common}"`, q: common },
    { name: 'two words', q: `restaurant ${words[1]!}` },
    { name: 'no match', q: 'qqxqqz' },
    { name: 'within one conversation', q: 'restaurant', inConversation: true },
  ];
  const all = new LatencyHistogram();
  const byKind = kinds.map(() => new LatencyHistogram());
  const hits = kinds.map(() => 0);
  const monitor = new ResourceMonitor(world.watched);
  for (let round = 0; round < QUERY_ROUNDS; round++) {
    for (const [k, kind] of kinds.entries()) {
      const started = performance.now();
      const r = await search(world.server.baseUrl, searcher.accessToken, {
        q: kind.q,
        limit: '20',
        ...(kind.inConversation ? { conversationId: mine[round % mine.length]! } : {}),
      });
      const ms = performance.now() - started;
      all.recordMs(ms);
      byKind[k]!.recordMs(ms);
      hits[k] = r.messages.length;
    }
  }
  const usage = monitor.stop();
  const s = all.summary();
  return {
    id,
    scenario: `search over ${formatValue(total)} messages in ${formatValue(GROUPS)} groups (searcher in 1 of 10)`,
    value: s.p99,
    unit: 'ms',
    notes: [
      `all queries: ${formatPercentiles(s)} (${formatValue(s.count)} queries, one at a time, first page of 20)`,
      ...kinds.map((k, i) => `${k.name}: ${formatPercentiles(byKind[i]!.summary())}, ${hits[i]} hits on the page`),
      `seeded ${formatValue(total)} messages in ${seedSeconds.toFixed(1)} s through the storage layer and search index`,
      formatUsage(usage),
    ],
    delivery: new DeliveryLedger().report(),
    usage,
    problems: hits[3] === 0 ? [`${id}: "cafe" (one message in 200) found nothing`] : [],
  };
}
