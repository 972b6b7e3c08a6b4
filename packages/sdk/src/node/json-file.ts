// JSON files for the Node stores, written atomically (temp file, fsync, rename) so a crash
// leaves either the old or the new content. node:fs is loaded lazily: browsers never run this.
import type * as FsPromises from 'node:fs/promises';

let fsModule: Promise<typeof FsPromises> | undefined;
/** A computed specifier, so that bundlers do not try to put node:fs into browser builds. */
const FS_SPECIFIER = ['node', 'fs/promises'].join(':');
const fs = (): Promise<typeof FsPromises> =>
  (fsModule ??= import(/* @vite-ignore */ FS_SPECIFIER) as Promise<typeof FsPromises>);

/** The parsed content of a JSON file, or undefined when it does not exist. */
export async function readJsonFile(path: string): Promise<unknown> {
  const { readFile } = await fs();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as unknown;
}

export async function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  const { open, rename, mkdir, rm } = await fs();
  const dir = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
  if (dir) await mkdir(dir, { recursive: true });
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(JSON.stringify(value), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function removeFile(path: string): Promise<void> {
  const { rm } = await fs();
  await rm(path, { force: true });
}

/** Runs writes one after another, so a later write never lands before an earlier one. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
