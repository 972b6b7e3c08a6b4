import type { ReceiptsFrame } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import type { CallRoute } from '../state/load-state.js';
import { ReceiptReporter } from './receipt-reporter.js';

function setup(connected: boolean) {
  const frames: ReceiptsFrame[] = [];
  const calls: { name: string; input: unknown }[] = [];
  const call = (async (name: string, input: unknown) => {
    calls.push({ name, input });
    return {};
  }) as unknown as CallRoute;
  const reporter = new ReceiptReporter({
    transmit: (f) => {
      if (connected) frames.push(f);
      return connected;
    },
    call,
    delayMs: 5,
  });
  return { frames, calls, reporter };
}

describe('ReceiptReporter', () => {
  it('coalesces delivered reports per conversation and never reports a position twice or backwards', async () => {
    const { frames, reporter } = setup(true);
    reporter.delivered('a', 3);
    reporter.delivered('a', 5);
    reporter.delivered('a', 4);
    reporter.delivered('b', 2);
    await reporter.idle();
    expect(frames).toEqual([
      { type: 'receipts', conversationId: 'a', deliveredSeq: 5 },
      { type: 'receipts', conversationId: 'b', deliveredSeq: 2 },
    ]);
    reporter.delivered('a', 5);
    await reporter.read('a', 5);
    await reporter.read('a', 4);
    await reporter.idle();
    expect(frames.slice(2)).toEqual([{ type: 'receipts', conversationId: 'a', readSeq: 5 }]);
  });

  it('uses HTTP when the socket is not connected', async () => {
    const { calls, reporter } = setup(false);
    await reporter.read('a', 7);
    expect(calls).toEqual([{ name: 'reportReceipts', input: { params: { id: 'a' }, body: { readSeq: 7 } } }]);
  });
});
