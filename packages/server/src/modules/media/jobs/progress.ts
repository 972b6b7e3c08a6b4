// media.progress frames: ephemeral, never stored. Whoever knows the progress (the worker on any
// node, or the upload route for 'queued') publishes it on the broker; every node's relay
// forwards it to its own sockets of the uploader, as typing frames travel (modules/presence).
import type { MediaProgressFrame } from '@anytime/protocol';
import type { Broker } from '../../../broker/broker.js';
import type { AppContext } from '../../../context.js';
import type { Router } from '../../../gateway/router.js';

export const MEDIA_PROGRESS_SUBJECT = 'anytime.media.progress';

interface ProgressNotice {
  userId: string;
  frame: MediaProgressFrame;
}

export function publishMediaProgress(broker: Broker, userId: string, progress: Omit<MediaProgressFrame, 'type'>): void {
  const percent = Math.max(0, Math.min(100, Math.round(progress.percent)));
  const notice: ProgressNotice = { userId, frame: { type: 'media.progress', ...progress, percent } };
  broker.publish(MEDIA_PROGRESS_SUBJECT, notice);
}

/** On every node: delivers published progress to the uploader's connections on this node. */
export class MediaProgressRelay {
  private readonly unsubscribe: () => void;

  constructor(ctx: AppContext, router: Router) {
    this.unsubscribe = ctx.broker.subscribe(MEDIA_PROGRESS_SUBJECT, (p) => {
      const { userId, frame } = p as ProgressNotice;
      for (const c of router.connectionsOf(userId)) c.send(frame);
    });
  }

  close(): void {
    this.unsubscribe();
  }
}

/**
 * A job's reportProgress: at most one frame per `intervalMs`, except a new stage and 100,
 * which always go; never backwards within a stage.
 */
export function throttledProgress(
  send: (stage: MediaProgressFrame['stage'], percent: number) => void,
  intervalMs: number,
): (stage: MediaProgressFrame['stage'], percent: number) => void {
  let lastStage: string | null = null;
  let lastPercent = -1;
  let lastAt = 0;
  return (stage, percent) => {
    const now = Date.now();
    const newStage = stage !== lastStage;
    if (!newStage && percent <= lastPercent) return;
    if (!newStage && percent < 100 && now - lastAt < intervalMs) return;
    lastStage = stage;
    lastPercent = percent;
    lastAt = now;
    send(stage, percent);
  };
}
