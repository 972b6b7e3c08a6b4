// The MLS benchmark (`npm run bench:mls -w @anytime/bench`): how long one device of a secret
// chat takes, in Node, to make a commit that adds one member and a commit that only updates its
// own keys, in groups of 50, 200 and 1,000 members (one device each), and how long another
// member takes to process such a commit. Groups are built with the same glue the SDK uses
// (@anytime/crypto over ts-mls, suite 1, directory-backed authentication service). Prints a
// Markdown table for docs/benchmarks.md.
import {
  DirectoryAuthService,
  MemoryKeyStore,
  MlsGroup,
  deviceKeys,
  generateIdentity,
  generateKeyPackages,
  signDeviceBundle,
  toB64,
  type DeviceKeyPairs,
} from '@anytime/crypto';
import type { UserKeys } from '@anytime/protocol';

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

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface MlsBenchRow {
  members: number;
  addMs: number;
  updateMs: number;
  processMs: number;
  welcomeKb: number;
}

export async function measureGroup(size: number, reps: number): Promise<MlsBenchRow> {
  const directory: UserKeys[] = [];
  const members = Array.from({ length: size + reps }, (_, i) => member(i, directory));
  const auth = new DirectoryAuthService();
  auth.learn(directory);
  const [creator, second] = [members[0]!, members[1]!];
  const group = await MlsGroup.create('bench', creator, creator.keys.signing, auth);
  const initial = await group.commit({ add: await Promise.all(members.slice(1, size).map(keyPackage)) });
  group.apply(initial);
  const other = await MlsGroup.join(initial.welcome!, second.store, second.keys.signing, auth);
  // Steady state: the other member has committed once, so the tree is not mostly blank.
  const warm = await other.commit({});
  other.apply(warm);
  await group.receive(warm.commit);
  const add: number[] = [];
  const update: number[] = [];
  const processing: number[] = [];
  let welcomeBytes = 0;
  for (let r = 0; r < reps; r++) {
    const kp = await keyPackage(members[size + r]!);
    let t = process.hrtime.bigint();
    const adding = await group.commit({ add: [kp] });
    add.push(ms(t));
    group.apply(adding);
    welcomeBytes = (adding.welcome!.length * 3) / 4;
    t = process.hrtime.bigint();
    await other.receive(adding.commit);
    processing.push(ms(t));
    t = process.hrtime.bigint();
    const updating = await group.commit({});
    update.push(ms(t));
    group.apply(updating);
    await other.receive(updating.commit);
  }
  return {
    members: size,
    addMs: median(add),
    updateMs: median(update),
    processMs: median(processing),
    welcomeKb: Math.round(welcomeBytes / 1024),
  };
}

export function table(rows: MlsBenchRow[]): string {
  const lines = [
    '| members | commit adding 1 member (ms) | update commit (ms) | another member processes the add (ms) | welcome size (KiB) |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.members} | ${r.addMs.toFixed(1)} | ${r.updateMs.toFixed(1)} | ${r.processMs.toFixed(1)} | ${r.welcomeKb} |`,
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const sizes = quick ? [50] : [50, 200, 1_000];
  const rows: MlsBenchRow[] = [];
  for (const size of sizes) {
    rows.push(await measureGroup(size, quick ? 1 : 5));
    process.stderr.write(`measured ${size} members\n`);
  }
  process.stdout.write(`${table(rows)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  });
}
