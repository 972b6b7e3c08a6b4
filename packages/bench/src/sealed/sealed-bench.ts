// The sealed-message benchmark (`npm run bench:sealed -w @anytime/bench`): what sealing a secret
// costs the sender per recipient device (one HPKE base-mode seal each: X25519 + HKDF + AES-128-GCM
// through WebCrypto), what opening costs a recipient device, and, for the key backup and
// verification screens, the passphrase KDF (Argon2id m = 19 MiB) and a safety number. Runs in
// this process with @anytime/crypto, the same code the SDK uses. Prints a Markdown table.
import {
  deviceKeys,
  encryptBackup,
  generateIdentity,
  newHistoryKey,
  openSealed,
  safetyNumber,
  sealSecret,
  toB64,
  type SealedRecipient,
} from '@anytime/crypto';

export interface SealedBenchOptions {
  /** Group sizes in recipient devices. */
  devices: number[];
  /** Rounds per size. */
  rounds: number;
}

export const QUICK_SEALED: SealedBenchOptions = { devices: [1, 10], rounds: 2 };
export const FULL_SEALED: SealedBenchOptions = { devices: [1, 10, 100, 150], rounds: 20 };

export interface SealedRow {
  devices: number;
  sealMsTotal: number;
  sealMsPerDevice: number;
  openMsPerDevice: number;
}

export interface SealedBenchResult {
  rows: SealedRow[];
  argon2idMs: number;
  safetyNumberMs: number;
}

const SECRET = { text: 'IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX — reference 2026-11' };

export async function runSealedBench(o: SealedBenchOptions): Promise<SealedBenchResult> {
  const rows: SealedRow[] = [];
  const maxDevices = Math.max(...o.devices);
  const all = Array.from({ length: maxDevices }, (_, i) => ({
    keys: deviceKeys(),
    userId: `u${i % 50}`,
    deviceId: `d${i}`,
  }));
  // Warm up WebCrypto and the HPKE suite.
  await sealSecret(SECRET, { conversationId: 'c', clientId: 'w', senderId: 's' }, [
    { userId: 'u0', deviceId: 'd0', hpkeKey: toB64(all[0]!.keys.hpke.publicKey) },
  ]);
  for (const n of o.devices) {
    const recipients: SealedRecipient[] = all
      .slice(0, n)
      .map((d) => ({ userId: d.userId, deviceId: d.deviceId, hpkeKey: toB64(d.keys.hpke.publicKey) }));
    let sealMs = 0;
    let openMs = 0;
    let opened = 0;
    for (let r = 0; r < o.rounds; r++) {
      const binding = { conversationId: 'conv', clientId: `client-${n}-${r}`, senderId: 'sender' };
      const t0 = performance.now();
      const envelopes = await sealSecret(SECRET, binding, recipients);
      sealMs += performance.now() - t0;
      // Each recipient opens its own envelope (measured for up to 10 devices per round).
      for (let i = 0; i < Math.min(n, 10); i++) {
        const d = all[i]!;
        const t1 = performance.now();
        const got = await openSealed(envelopes[i]!, binding, {
          userId: d.userId,
          deviceId: d.deviceId,
          hpkePrivateKey: d.keys.hpke.privateKey,
        });
        openMs += performance.now() - t1;
        opened += 1;
        if (got.text !== SECRET.text) throw new Error('sealed round trip failed');
      }
    }
    rows.push({
      devices: n,
      sealMsTotal: sealMs / o.rounds,
      sealMsPerDevice: sealMs / o.rounds / n,
      openMsPerDevice: openMs / opened,
    });
  }
  const t2 = performance.now();
  await encryptBackup(
    { identityPrivateKey: generateIdentity().privateKey, historyKey: newHistoryKey() },
    'pass phrase',
  );
  const argon2idMs = performance.now() - t2;
  const a = { userId: 'alice', identityKey: toB64(generateIdentity().publicKey) };
  const b = { userId: 'bob', identityKey: toB64(generateIdentity().publicKey) };
  const t3 = performance.now();
  safetyNumber(a, b);
  const safetyNumberMs = performance.now() - t3;
  return { rows, argon2idMs, safetyNumberMs };
}

export function sealedTable(r: SealedBenchResult): string {
  const f = (n: number) => n.toFixed(3);
  return [
    '| recipient devices | seal, all envelopes (ms) | seal per device (ms) | open per device (ms) |',
    '|---:|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.devices} | ${f(x.sealMsTotal)} | ${f(x.sealMsPerDevice)} | ${f(x.openMsPerDevice)} |`),
    '',
    `Key backup encryption (Argon2id m = 19 MiB, t = 2, p = 1, then AES-256-GCM): ${r.argon2idMs.toFixed(0)} ms. ` +
      `One safety number (2 x 5,200 SHA-512): ${r.safetyNumberMs.toFixed(1)} ms.`,
  ].join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const quick = process.argv.includes('--quick');
  const result = await runSealedBench(quick ? QUICK_SEALED : FULL_SEALED);
  console.log(sealedTable(result));
}
