// Session store for Node: a JSON file, replaced atomically on every save.
import { readJsonFile, removeFile, SerialQueue, writeJsonFileAtomic } from '../node/json-file.js';
import { asSession, type Session, type SessionStore } from './session.js';

export class FileSessionStore implements SessionStore {
  private readonly queue = new SerialQueue();

  constructor(private readonly path: string) {}

  load(): Promise<Session | null> {
    return this.queue.run(async () => asSession(await readJsonFile(this.path)));
  }

  save(session: Session): Promise<void> {
    return this.queue.run(() => writeJsonFileAtomic(this.path, session));
  }

  clear(): Promise<void> {
    return this.queue.run(() => removeFile(this.path));
  }
}
