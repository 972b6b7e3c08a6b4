// Tests the merging of what load workers count: histograms merged across workers equal one
// histogram of all the samples, counts add up, the split delivery ledger gives the report one
// ledger would have given for the same deliveries, the open-loop shares make up the whole
// timetable, and message ids carry their due time.
import { describe, expect, it } from 'vitest';
import { DeliveryLedger } from '../delivery-ledger.js';
import { prng } from '../prng.js';
import { LatencyHistogram } from '../histogram.js';
import { fixedRateSchedule, shareOf } from '../scenarios/open-loop-schedule.js';
import { seqOfClientId } from '../xmpp/xmpp-socket.js';
import { mergeLogins, mergeWorkerReports } from './merge.js';
import { dueOfMessageId, messageId } from './message-id.js';
import type { WorkerReport } from './messages.js';
import { mergeShards, ShardLedger } from './shard-ledger.js';

describe('histograms merged across workers', () => {
  it('equal one histogram of all the samples, percentile for percentile', () => {
    const next = prng(7);
    const whole = new LatencyHistogram();
    const parts = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
    for (let i = 0; i < 20_000; i++) {
      // Mostly a few ms, with a long tail up to seconds.
      const ms = next() < 0.98 ? next() * 5 : next() * 3_000;
      whole.recordMs(ms);
      parts[i % 3]?.recordMs(ms);
    }
    const merged = LatencyHistogram.merged(parts.map((p) => p.encode()));
    expect(merged.count).toBe(20_000);
    expect(merged.summary()).toEqual(whole.summary());
    for (const p of [1, 50, 90, 99, 99.9, 99.99, 100]) expect(merged.percentileMs(p)).toBe(whole.percentileMs(p));
  });

  it('keep an empty worker from changing anything', () => {
    const h = new LatencyHistogram();
    h.recordMs(12.5);
    const merged = LatencyHistogram.merged([h.encode(), new LatencyHistogram().encode()]);
    expect(merged.summary()).toEqual(h.summary());
  });
});

describe('mergeWorkerReports and mergeLogins', () => {
  it('add the counts and the error codes of every worker', () => {
    const empty = new ShardLedger<string>().export();
    const report = (acked: number, delivered: number, codes: [string, number][]): WorkerReport => {
      const h = new LatencyHistogram();
      for (let i = 1; i <= acked; i++) h.recordMs(i);
      return {
        shard: empty,
        ackedInWindow: acked,
        deliveredInWindow: delivered,
        ackLatency: h.encode(),
        deliverLatency: new LatencyHistogram().encode(),
        errorCodes: codes,
      };
    };
    const m = mergeWorkerReports([
      report(3, 10, [['rate_limited', 2]]),
      report(4, 7, [
        ['rate_limited', 1],
        ['forbidden', 5],
      ]),
    ]);
    expect(m.ackedInWindow).toBe(7);
    expect(m.deliveredInWindow).toBe(17);
    expect(m.ackLatency.count).toBe(7);
    expect(m.ackLatency.summary().max).toBeCloseTo(4, 2);
    expect([...m.errorCodes]).toEqual([
      ['rate_limited', 3],
      ['forbidden', 5],
    ]);
    const h = new LatencyHistogram();
    h.recordMs(2);
    const logins = mergeLogins([
      { inWindow: 5, attempts: 6, latency: h.encode(), failures: [['HTTP 429', 1]] },
      { inWindow: 2, attempts: 2, latency: h.encode(), failures: [['HTTP 429', 2]] },
    ]);
    expect(logins).toMatchObject({ inWindow: 7, attempts: 8 });
    expect(logins.latency.count).toBe(2);
    expect([...logins.failures]).toEqual([['HTTP 429', 3]]);
  });
});

describe('the delivery ledger split over workers', () => {
  /**
   * Feeds one random history of sends, acks, refusals and deliveries (with losses, duplicates,
   * reordering and strays) both to one DeliveryLedger and to ledgers split by socket over
   * `workers`, and returns both reports.
   */
  function bothWays(seed: number, workers: number) {
    const next = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const sockets = Array.from({ length: 9 }, (_, i) => `s${i}`);
    const workerOf = (s: string) => Number(s.slice(1)) % workers;
    const conversations = new Map<string, string[]>([
      ['group', sockets.slice(0, 6)],
      ['dm1', ['s6', 's7']],
      ['dm2', ['s8', 's1']],
    ]);
    const one = new DeliveryLedger<string>();
    const shards = Array.from({ length: workers }, () => new ShardLedger<string>());
    for (const [id, members] of conversations) {
      one.addConversation(id, members);
      shards.forEach((l, k) =>
        l.addConversation(
          id,
          members.filter((s) => workerOf(s) === k),
          members.length,
        ),
      );
    }
    const seqs = new Map<string, number>();
    const deliveries: { socket: string; conversationId: string; clientId: string; seq?: number }[] = [];
    for (let n = 0; n < 300; n++) {
      const [conversationId, members] = pick([...conversations]);
      const sender = pick(members);
      const clientId = messageId('t', workerOf(sender), 0, n, n);
      one.sent(clientId, conversationId, sender, n);
      shards[workerOf(sender)]?.sent(clientId, conversationId, sender, n);
      const fate = next();
      if (fate < 0.85) {
        one.acked(clientId);
        shards[workerOf(sender)]?.acked(clientId);
      } else if (fate < 0.93) {
        one.failed(clientId);
        shards[workerOf(sender)]?.failed(clientId);
      } // else: never answered
      const seq = (seqs.get(conversationId) ?? 0) + 1;
      seqs.set(conversationId, seq);
      for (const socket of members) {
        const r = next();
        if (fate >= 0.85 && r < 0.9) continue; // refused or unanswered: mostly not delivered
        if (r < 0.03) continue; // lost
        deliveries.push({ socket, conversationId, clientId, seq });
        if (r > 0.98) deliveries.push({ socket, conversationId, clientId, seq }); // duplicate
      }
    }
    // Strays: an id nobody sent, a delivery to a socket outside the conversation, the wrong conversation.
    deliveries.push({ socket: 's2', conversationId: 'group', clientId: 'nobody-0.0-0-1' });
    deliveries.push({ socket: 's7', conversationId: 'group', clientId: messageId('t', 0, 0, 0, 0) });
    deliveries.push({ socket: 's6', conversationId: 'dm1', clientId: messageId('t', 0, 0, 1, 1) });
    // Some reordering: a few pairs of messages reach one socket in the wrong order.
    for (const socket of ['s7', 's1', 's4']) {
      const at = deliveries.flatMap((d, i) => (d.socket === socket ? [i] : []));
      const [i = 0, , j = 0] = at;
      const a = deliveries[i] as (typeof deliveries)[number];
      deliveries[i] = deliveries[j] as (typeof deliveries)[number];
      deliveries[j] = a;
    }
    for (const d of deliveries) {
      const message = { conversationId: d.conversationId, clientId: d.clientId, seq: d.seq };
      one.deliveredMessage(d.socket, message);
      shards[workerOf(d.socket)]?.delivered(d.socket, message);
    }
    return { one: one.report(), split: mergeShards(shards.map((l) => l.export())) };
  }

  it('gives the report of one ledger, whatever the number of workers', () => {
    for (const seed of [1, 2, 3]) {
      for (const workers of [1, 2, 3]) {
        const { one, split } = bothWays(seed, workers);
        expect(split).toEqual(one);
      }
    }
    // The history has every kind of fault, so the comparison covers each count.
    const { one } = bothWays(1, 2);
    expect(one).toMatchObject({ ok: false });
    for (const k of ['missing', 'duplicates', 'stray', 'outOfOrder', 'failed', 'unanswered'] as const) {
      expect(one[k]).toBeGreaterThan(0);
    }
  });

  it('reports ok when every acked message reached every other member once, across workers', () => {
    const members = ['a', 'b', 'c', 'd'];
    const shards = [new ShardLedger<string>(), new ShardLedger<string>()];
    shards[0]?.addConversation('g', ['a', 'c'], 4);
    shards[1]?.addConversation('g', ['b', 'd'], 4);
    shards[0]?.sent('m-0.0-0-0', 'g', 'a', 0);
    shards[0]?.acked('m-0.0-0-0');
    expect(shards[0]?.progress()).toEqual({ expected: 3, firsts: 0 });
    for (const s of members) {
      shards[s === 'a' || s === 'c' ? 0 : 1]?.delivered(s, { conversationId: 'g', clientId: 'm-0.0-0-0', seq: 1 });
    }
    const firsts = shards.reduce((n, l) => n + l.progress().firsts, 0);
    expect(firsts).toBe(3);
    expect(mergeShards(shards.map((l) => l.export()))).toMatchObject({
      ok: true,
      acked: 1,
      expected: 3,
      exactlyOnce: 3,
      senderEchoes: 1,
      missing: 0,
    });
  });
});

describe('open-loop shares', () => {
  it('make up the whole timetable between them, at the same due times', () => {
    const whole = fixedRateSchedule(1_000, 700, 3_000);
    for (const n of [1, 2, 3, 4]) {
      const shares = Array.from({ length: n }, (_, k) => shareOf(whole, k, n));
      expect(shares.reduce((t, s) => t + s.total, 0)).toBe(whole.total);
      const due = shares.flatMap((s) => Array.from({ length: s.total }, (_, j) => s.dueAt(j))).sort((a, b) => a - b);
      expect(due).toEqual(Array.from({ length: whole.total }, (_, i) => whole.dueAt(i)));
      for (const now of [0, 1_000, 1_001.5, 1_500, 2_222, 4_000, 9_999]) {
        expect(shares.reduce((t, s) => t + s.dueBy(now), 0)).toBe(whole.dueBy(now));
      }
    }
  });
});

describe('message ids', () => {
  it('carry their due time to the microsecond and keep the send counter last', () => {
    const id = messageId('b16', 1, 7, 123_456_789.123_4, 41);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(dueOfMessageId(id)).toBeCloseTo(123_456_789.123, 3);
    expect(seqOfClientId(id)).toBe(42);
    expect(dueOfMessageId(messageId('j (two nodes)', 0, 0, 5, 0))).toBe(5);
    expect(dueOfMessageId('not-ours')).toBeUndefined();
  });
});
