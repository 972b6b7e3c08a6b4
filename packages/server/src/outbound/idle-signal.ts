// "Resolve when nothing is left to do" for the background queues that call out (link previews,
// Web Push): idle() waits until `isIdle` holds; the queue calls check() whenever work ends.
export class IdleSignal {
  private waiters: (() => void)[] = [];

  constructor(private readonly isIdle: () => boolean) {}

  /** Call when work ended: wakes the waiters if the queue is idle now. */
  check(): void {
    if (!this.isIdle()) return;
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when the queue is idle (at once if it is already). */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.check();
    });
  }
}
