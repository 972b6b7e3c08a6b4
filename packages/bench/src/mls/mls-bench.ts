// The MLS benchmark (`npm run bench:mls -w @anytime/bench`): how long one device of a secret
// chat takes, in Node, to make a commit that adds one member, one that only updates its own keys
// and one that removes a member, in groups of 50, 200 and 1,000 members (one device each), and
// how long another member takes to process the add. Wall and CPU time (process.cpuUsage, all
// threads) per commit, medians of `reps` rounds. Two tree shapes:
// - blank (worst case): the group is built by one commit adding everybody, so parent nodes off
//   the creator's path are blank and a commit encrypts to up to hundreds of leaves;
// - full (steady state): members are added in sibling pairs and the first of each pair commits an
//   update right after joining, so every parent node is set and a commit encrypts to about
//   log2(n) nodes.
// Groups use the same glue as the SDK (@anytime/crypto over ts-mls, suite 1, directory-backed
// authentication service), with the node:crypto provider (default under Node) or ts-mls's
// default provider (`--provider default`, what browsers run). Prints Markdown tables.
//   --provider node|default|both (node)  --tree blank|full|both (both)  --sizes 50,200,1000  --reps 5  --quick
import {
  DirectoryAuthService,
  MLS_CRYPTO_PROVIDERS,
  MemoryKeyStore,
  mlsCryptoProvider,
  MlsGroup,
  deviceKeys,
  generateIdentity,
  generateKeyPackages,
  signDeviceBundle,
  toB64,
  useMlsCryptoProvider,
  type DeviceKeyPairs,
  type MlsCryptoProviderName,
} from '@anytime/crypto';
import type { UserKeys } from '@anytime/protocol';
import { loadavg } from 'node:os';

interface Member {
  userId: string;
  deviceId: string;
  keys: DeviceKeyPairs;
  store: MemoryKeyStore;
}

function member(i: number, directory: UserKeys[]): Member {
  const identity = generateIdentity();
  const userId = `u${i}`;
  const deviceId = `d${i}`;
  const keys = deviceKeys();
  const bundle = signDeviceBundle(identity, userId, deviceId, keys);
  directory.push({
    userId,
    identityKey: toB64(identity.publicKey),
    identityKeyChangedAt: null,
    devices: [{ deviceId, ...bundle, createdAt: new Date(0).toISOString() }],
  });
  return { userId, deviceId, keys, store: new MemoryKeyStore() };
}

async function keyPackage(m: Member): Promise<string> {
  const [kp] = await generateKeyPackages(m, m.keys.signing, 1);
  await m.store.put(`mls/kp/${kp!.ref}`, kp!.privateBytes);
  return kp!.publicB64;
}

export type TreeShape = 'blank' | 'full';
export const TREE_SHAPES: readonly TreeShape[] = ['blank', 'full'];

/** Wall and CPU milliseconds of one operation. */
export interface Cost {
  wallMs: number;
  cpuMs: number;
}

async function timed<T>(f: () => Promise<T>, into: Cost[]): Promise<T> {
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  const out = await f();
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  const used = process.cpuUsage(cpu);
  into.push({ wallMs, cpuMs: (used.user + used.system) / 1e3 });
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medianCost = (cs: Cost[]): Cost => ({
  wallMs: median(cs.map((c) => c.wallMs)),
  cpuMs: median(cs.map((c) => c.cpuMs)),
});

export interface MlsBenchRow {
  provider: MlsCryptoProviderName;
  tree: TreeShape;
  members: number;
  add: Cost;
  update: Cost;
  remove: Cost;
  processAdd: Cost;
  welcomeKb: number;
  /** Seconds spent building the group (not part of any figure above). */
  setupS: number;
}

interface Built {
  creator: MlsGroup;
  other: MlsGroup;
}

/** One commit adding everybody: the worst case. The second member joins and commits once. */
async function buildBlank(members: Member[], auth: DirectoryAuthService, size: number): Promise<Built> {
  const creatorMember = members[0]!;
  const creator = await MlsGroup.create('bench', creatorMember, creatorMember.keys.signing, auth);
  const initial = await creator.commit({ add: await Promise.all(members.slice(1, size).map(keyPackage)) });
  creator.apply(initial);
  const second = members[1]!;
  const other = await MlsGroup.join(initial.welcome!, second.store, second.keys.signing, auth);
  const warm = await other.commit({});
  other.apply(warm);
  await creator.receive(warm.commit);
  return { creator, other };
}

/**
 * Members added in sibling pairs (leaves 2k and 2k+1; leaf 1 alone, next to the creator), the
 * first of each pair committing an update right after joining: its path covers every parent
 * node above the pair, so all parent nodes are set and no leaf stays unmerged. (Not in bigger
 * batches: ts-mls 1.6.4 refuses to join a tree whose unmerged_leaves lists differ along a leaf's
 * path, which RFC 9420 allows; see docs/secret-chats.md.)
 */
async function buildFull(members: Member[], auth: DirectoryAuthService, size: number): Promise<Built> {
  const creatorMember = members[0]!;
  const creator = await MlsGroup.create('bench', creatorMember, creatorMember.keys.signing, auth);
  let other: MlsGroup | undefined;
  for (let i = 1; i < size; i = i === 1 ? 2 : i + 2) {
    const pair = members.slice(i, i === 1 ? 2 : Math.min(i + 2, size));
    const adding = await creator.commit({ add: await Promise.all(pair.map(keyPackage)) });
    creator.apply(adding);
    const joiner = pair[0]!;
    other = await MlsGroup.join(adding.welcome!, joiner.store, joiner.keys.signing, auth);
    const own = await other.commit({});
    other.apply(own);
    await creator.receive(own.commit);
  }
  return { creator, other: other! };
}

export async function measureGroup(size: number, reps: number, tree: TreeShape = 'blank'): Promise<MlsBenchRow> {
  if (size < 3) throw new Error('a group for this bench has at least 3 members');
  const directory: UserKeys[] = [];
  const members = Array.from({ length: size + reps }, (_, i) => member(i, directory));
  const auth = new DirectoryAuthService();
  auth.learn(directory);
  const started = process.hrtime.bigint();
  const { creator, other } = await (tree === 'blank' ? buildBlank : buildFull)(members, auth, size);
  const setupS = Number(process.hrtime.bigint() - started) / 1e9;
  const add: Cost[] = [];
  const update: Cost[] = [];
  const remove: Cost[] = [];
  const processAdd: Cost[] = [];
  let welcomeBytes = 0;
  for (let r = 0; r < reps; r++) {
    const newcomer = members[size + r]!;
    const kp = await keyPackage(newcomer);
    const adding = await timed(() => creator.commit({ add: [kp] }), add);
    creator.apply(adding);
    welcomeBytes = (adding.welcome!.length * 3) / 4;
    await timed(() => other.receive(adding.commit), processAdd);
    const updating = await timed(() => creator.commit({}), update);
    creator.apply(updating);
    await other.receive(updating.commit);
    const leaf = creator.leaves().find((l) => l.deviceId === newcomer.deviceId)!.leafIndex;
    const removing = await timed(() => creator.commit({ remove: [leaf] }), remove);
    creator.apply(removing);
    await other.receive(removing.commit);
  }
  return {
    provider: mlsCryptoProvider(),
    tree,
    members: size,
    add: medianCost(add),
    update: medianCost(update),
    remove: medianCost(remove),
    processAdd: medianCost(processAdd),
    welcomeKb: Math.round(welcomeBytes / 1024),
    setupS,
  };
}

const cell = (c: Cost) => `${c.wallMs.toFixed(1)} / ${c.cpuMs.toFixed(0)}`;

export function table(rows: MlsBenchRow[]): string {
  const lines = [
    '| provider | tree | members | add commit (ms wall / CPU) | update commit | remove commit | another member processes the add | welcome (KiB) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.provider} | ${r.tree} | ${r.members} | ${cell(r.add)} | ${cell(r.update)} | ${cell(r.remove)} | ${cell(r.processAdd)} | ${r.welcomeKb} |`,
    ),
  ];
  return lines.join('\n');
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

function choice<T extends string>(name: string, allowed: readonly T[], fallback: T | 'both'): T[] {
  const value = option(name) ?? fallback;
  if (value === 'both') return [...allowed];
  if (!allowed.includes(value as T)) throw new Error(`--${name} must be ${allowed.join(', ')} or both`);
  return [value as T];
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const providers = choice('provider', MLS_CRYPTO_PROVIDERS, 'node');
  const trees = choice('tree', TREE_SHAPES, 'both');
  const sizes = (option('sizes') ?? (quick ? '50' : '50,200,1000')).split(',').map(Number);
  const reps = Number(option('reps') ?? (quick ? 1 : 5));
  if (sizes.some((n) => !Number.isInteger(n) || n < 3) || !Number.isInteger(reps) || reps < 1) {
    throw new Error('--sizes takes whole numbers >= 3, --reps a whole number >= 1');
  }
  const rows: MlsBenchRow[] = [];
  for (const provider of providers) {
    useMlsCryptoProvider(provider);
    for (const tree of trees) {
      for (const size of sizes) {
        const row = await measureGroup(size, reps, tree);
        rows.push(row);
        const load = loadavg()
          .map((l) => l.toFixed(2))
          .join(' ');
        process.stderr.write(`${table([row]).split('\n')[2]!} built in ${row.setupS.toFixed(1)} s; load ${load}\n`);
      }
    }
  }
  process.stdout.write(
    `${table(rows)}\n\nload average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  });
}
