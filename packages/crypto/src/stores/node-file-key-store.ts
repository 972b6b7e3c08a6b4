// A KeyStore for Node clients (bots, the CLI, tests): one JSON file readable by its owner only.
// The file is created with mode 0600 and replaced atomically (a 0600 temp file, fsync, rename),
// so a crash leaves the old or the new content, never half of one; a file that group or others
// may read is refused, because the secrets in it would already be exposed. node:fs is loaded
// lazily through a computed specifier so that browser bundles of this package never include it.
import type * as FsPromises from 'node:fs/promises';
import { fromB64, toB64 } from '../encoding.js';
import type { KeyStore } from '../key-store.js';

const FS_SPECIFIER = ['node', 'fs/promises'].join(':');
let fsModule: Promise<typeof FsPromises> | undefined;
const fs = (): Promise<typeof FsPromises> =>
  (fsModule ??= import(/* @vite-ignore */ FS_SPECIFIER) as Promise<typeof FsPromises>);

/** The key file may be read or written by others than its owner. */
export class InsecureKeyFileError extends Error {
  constructor(path: string, mode: number) {
    super(`refusing to use ${path}: its mode is ${(mode & 0o777).toString(8)}, it must be 600 (chmod 600 it)`);
  }
}

interface FileDoc {
  v: 1;
  entries: Record<string, string>;
}

export class NodeFileKeyStore implements KeyStore {
  private entries: Map<string, Uint8Array> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly path: string) {}

  /** Opens (or creates on the first write) the key file at `path`. */
  static async open(path: string): Promise<NodeFileKeyStore> {
    const store = new NodeFileKeyStore(path);
    await store.load();
    return store;
  }

  private async load(): Promise<Map<string, Uint8Array>> {
    if (this.entries) return this.entries;
    const { open } = await fs();
    const entries = new Map<string, Uint8Array>();
    let file: FsPromises.FileHandle;
    try {
      file = await open(this.path, 'r');
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
      this.entries = entries;
      return entries;
    }
    try {
      const st = await file.stat();
      if ((st.mode & 0o077) !== 0) throw new InsecureKeyFileError(this.path, st.mode);
      const doc = JSON.parse(await file.readFile('utf8')) as Partial<FileDoc>;
      if (doc.v !== 1 || typeof doc.entries !== 'object' || doc.entries === null) {
        throw new Error(`${this.path} is not a key file of this version`);
      }
      for (const [name, value] of Object.entries(doc.entries)) entries.set(name, fromB64(value));
    } finally {
      await file.close();
    }
    this.entries = entries;
    return entries;
  }

  private async save(entries: Map<string, Uint8Array>): Promise<void> {
    const { open, rename, mkdir, rm, chmod } = await fs();
    const slash = Math.max(this.path.lastIndexOf('/'), this.path.lastIndexOf('\\'));
    if (slash > 0) await mkdir(this.path.slice(0, slash), { recursive: true, mode: 0o700 });
    const doc: FileDoc = { v: 1, entries: Object.fromEntries([...entries].map(([k, v]) => [k, toB64(v)])) };
    const tmp = `${this.path}.${crypto.randomUUID()}.tmp`;
    try {
      // 'wx' with 0o600: the temp file is never readable by others, whatever the umask.
      const file = await open(tmp, 'wx', 0o600);
      try {
        await file.chmod(0o600);
        await file.writeFile(JSON.stringify(doc), 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, this.path);
      await chmod(this.path, 0o600);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /** Runs changes one after another, each writing the whole file. */
  private change(fn: (entries: Map<string, Uint8Array>) => boolean): Promise<void> {
    const run = this.queue.then(async () => {
      const entries = await this.load();
      if (fn(entries)) await this.save(entries);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async get(name: string): Promise<Uint8Array | undefined> {
    await this.queue;
    return (await this.load()).get(name)?.slice();
  }

  put(name: string, value: Uint8Array): Promise<void> {
    const copy = value.slice();
    return this.change((entries) => {
      entries.set(name, copy);
      return true;
    });
  }

  delete(name: string): Promise<void> {
    return this.change((entries) => entries.delete(name));
  }

  async list(prefix: string): Promise<string[]> {
    await this.queue;
    return [...(await this.load()).keys()].filter((n) => n.startsWith(prefix)).sort();
  }
}
