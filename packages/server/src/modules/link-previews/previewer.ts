// Starts previewAfterSend for each new message this node commits that links somewhere and got
// no preview at send time, a few at a time, off the request path.
import type { Message } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { firstUrlIn } from './first-url.js';
import { previewAfterSend } from './previews.js';
import { IdleSignal } from '../../outbound/idle-signal.js';

const CONCURRENCY = 4;
const QUEUE_MAX = 1_000;

export class LinkPreviewer {
  private readonly queue: Message[] = [];
  private active = 0;
  private closed = false;
  private readonly idleSignal = new IdleSignal(() => this.active === 0 && (this.queue.length === 0 || this.closed));

  constructor(private readonly ctx: AppContext) {
    ctx.storage.onCommit((rows) => {
      if (this.closed) return;
      for (const { event } of rows) {
        if (event.type !== 'message.created' || event.message.linkPreview) continue;
        if (!firstUrlIn(event.message.text) || this.queue.length >= QUEUE_MAX) continue;
        this.queue.push(event.message);
      }
      this.pump();
    });
  }

  private pump(): void {
    while (!this.closed && this.active < CONCURRENCY && this.queue.length > 0) {
      const m = this.queue.shift()!;
      this.active += 1;
      void previewAfterSend(this.ctx, m)
        .catch((e: unknown) => this.ctx.log.warn({ err: e, messageId: m.id }, 'link preview after send failed'))
        .finally(() => {
          this.active -= 1;
          this.pump();
          this.idleSignal.check();
        });
    }
    this.idleSignal.check();
  }

  /** Resolves when no preview is being fetched or waiting (tests, shutdown). */
  idle(): Promise<void> {
    return this.idleSignal.wait();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await this.idle();
  }
}
