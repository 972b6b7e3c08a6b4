// A sweep that runs every EXPIRY_SWEEP_INTERVAL_MS on this node (disappearing messages, sealed
// secrets that expire): one pass at a time, "now" moved by EXPIRY_CLOCK_SKEW_SECONDS, failures
// logged, and stop() waits for a pass that is running.
import type { AppContext } from '../../context.js';

export interface Sweeper {
  stop(): Promise<void>;
}

export function startPeriodicSweep(
  ctx: AppContext,
  what: string,
  sweep: (ctx: AppContext, now: Date) => Promise<unknown>,
): Sweeper {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    const now = new Date(Date.now() + ctx.config.EXPIRY_CLOCK_SKEW_SECONDS * 1000);
    running = sweep(ctx, now)
      .catch((err: unknown) => ctx.log.error({ err }, `${what} failed`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, ctx.config.EXPIRY_SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
