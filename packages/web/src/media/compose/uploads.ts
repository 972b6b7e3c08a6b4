// Sends with attachments, from "send" until the message is in the outbox: each file is uploaded
// (`client.media.upload`, its progress shown on the pending bubble), then the message goes out
// with the media ids and the photo tags. Cancel aborts the uploads; a failure keeps the send with
// a readable error and a retry that skips what was already uploaded. One store per client.
import { useSyncExternalStore } from 'react';
import type { MessageEntity } from '@anytime/protocol';
import type { AnytimeClient } from '@anytime/sdk';
import { errorText } from '../../client/error-text.js';
import { strings } from '../../strings.js';
import { mediaOf, type UploadProgress } from '../media-api.js';
import type { Attachment } from './attachment.js';

export interface UploadJob {
  id: string;
  conversationId: string;
  text: string;
  entities: MessageEntity[];
  replyToId: string | null;
  attachments: Attachment[];
  /** Media id of each attachment once uploaded (by attachment key). */
  uploaded: Record<string, string>;
  progress: Record<string, UploadProgress>;
  status: 'uploading' | 'failed';
  error: string | null;
}

type Listener = () => void;

export class UploadStore {
  private jobs: UploadJob[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly aborts = new Map<string, AbortController>();
  private n = 0;

  constructor(private readonly client: AnytimeClient) {}

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  snapshot = (): readonly UploadJob[] => this.jobs;

  private set(id: string, f: (j: UploadJob) => UploadJob): void {
    this.jobs = this.jobs.map((j) => (j.id === id ? f(j) : j));
    this.listeners.forEach((l) => l());
  }

  private remove(id: string): void {
    this.jobs = this.jobs.filter((j) => j.id !== id);
    this.listeners.forEach((l) => l());
  }

  start(fields: Omit<UploadJob, 'id' | 'uploaded' | 'progress' | 'status' | 'error'>): string {
    this.n += 1;
    const job: UploadJob = {
      ...fields,
      id: `u${this.n}`,
      uploaded: {},
      progress: {},
      status: 'uploading',
      error: null,
    };
    this.jobs = [...this.jobs, job];
    this.listeners.forEach((l) => l());
    void this.run(job.id);
    return job.id;
  }

  retry(id: string): void {
    this.set(id, (j) => ({ ...j, status: 'uploading', error: null }));
    void this.run(id);
  }

  cancel(id: string): void {
    this.aborts.get(id)?.abort();
    this.aborts.delete(id);
    this.remove(id);
  }

  private async run(id: string): Promise<void> {
    const abort = new AbortController();
    this.aborts.set(id, abort);
    const job = () => this.jobs.find((j) => j.id === id);
    try {
      const media = mediaOf(this.client);
      for (const a of job()?.attachments ?? []) {
        if (job()?.uploaded[a.key]) continue;
        const m = await media.upload(a.file, {
          fileName: a.name,
          ...(a.kind === 'voice' ? { voice: true } : {}),
          ...(a.kind === 'video' && a.filter && a.filter !== 'none' ? { filter: a.filter } : {}),
          signal: abort.signal,
          onProgress: (p) => this.set(id, (j) => ({ ...j, progress: { ...j.progress, [a.key]: p } })),
        });
        if (abort.signal.aborted) return;
        if (m.status === 'failed') throw new ProcessingFailed();
        this.set(id, (j) => ({ ...j, uploaded: { ...j.uploaded, [a.key]: m.id } }));
      }
      const j = job();
      if (!j || abort.signal.aborted) return;
      // The same file attached twice is one media item (the server dedupes): sent once.
      const mediaIds = [...new Set(j.attachments.map((a) => j.uploaded[a.key]!))];
      const tagged = new Set<string>();
      const photoTags = j.attachments.flatMap((a) =>
        a.kind === 'image'
          ? a.tags
              .map((t) => ({ mediaId: j.uploaded[a.key]!, ...t }))
              .filter((t) => !tagged.has(`${t.mediaId} ${t.userId}`) && tagged.add(`${t.mediaId} ${t.userId}`))
          : [],
      );
      await this.client.send(j.conversationId, j.text, {
        mediaIds,
        ...(photoTags.length > 0 ? { photoTags } : {}),
        ...(j.entities.length > 0 ? { entities: j.entities } : {}),
        ...(j.replyToId ? { replyToId: j.replyToId } : {}),
      });
      this.aborts.delete(id);
      this.remove(id);
    } catch (e) {
      if (abort.signal.aborted) return;
      this.aborts.delete(id);
      const error = e instanceof ProcessingFailed ? strings.media.processingFailed : errorText(e);
      this.set(id, (j) => ({ ...j, status: 'failed', error }));
    }
  }
}

class ProcessingFailed extends Error {}

const stores = new WeakMap<AnytimeClient, UploadStore>();

export function uploadStore(client: AnytimeClient): UploadStore {
  let s = stores.get(client);
  if (!s) {
    s = new UploadStore(client);
    stores.set(client, s);
  }
  return s;
}

export function useUploads(client: AnytimeClient, conversationId: string): readonly UploadJob[] {
  const store = uploadStore(client);
  const all = useSyncExternalStore(store.subscribe, store.snapshot);
  return all.filter((j) => j.conversationId === conversationId);
}
