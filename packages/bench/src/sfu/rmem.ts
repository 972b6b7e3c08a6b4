// The kernel's socket receive-buffer sizes (net.core.rmem_default: what a socket gets when it does
// not ask, as Janus's libnice sockets and werift's dgram sockets do not; net.core.rmem_max: the
// most SO_RCVBUF may ask). bench:sfu records them with every run; `--rmem BYTES` sets rmem_default
// (and rmem_max if lower) for the run only, as root, and puts the old values back after, so no
// machine setting changes silently or for good.
import { readFileSync, writeFileSync } from 'node:fs';

const DEFAULT = '/proc/sys/net/core/rmem_default';
const MAX = '/proc/sys/net/core/rmem_max';

export interface Rmem {
  rmemDefault: number | null;
  rmemMax: number | null;
}

function read(file: string): number | null {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

export const readRmem = (): Rmem => ({ rmemDefault: read(DEFAULT), rmemMax: read(MAX) });

/**
 * Sets rmem_default to `bytes` (and rmem_max to at least that) and returns a function that puts
 * the values found back. Throws, changing nothing, when they cannot be read or written.
 */
export function setRmem(bytes: number): () => void {
  const before = readRmem();
  if (before.rmemDefault === null || before.rmemMax === null) throw new Error('--rmem: cannot read net.core.rmem_*');
  const { rmemDefault, rmemMax } = before;
  try {
    if (bytes > rmemMax) writeFileSync(MAX, String(bytes));
    writeFileSync(DEFAULT, String(bytes));
  } catch (e) {
    if (read(MAX) !== rmemMax) writeFileSync(MAX, String(rmemMax));
    throw new Error(`--rmem: cannot set net.core.rmem_default (root needed): ${(e as Error).message}`);
  }
  return () => {
    writeFileSync(DEFAULT, String(rmemDefault));
    writeFileSync(MAX, String(rmemMax));
  };
}
