// Tests the side-by-side table and the aims against the peers.
import { describe, expect, it } from 'vitest';
import type { TargetResults } from './metrics.js';
import { checkPeerAims, formatMetricTable } from './report.js';

const metric = (value: number) => ({
  key: 'durable-per-cpu' as const,
  label: 'durable 1:1 messages per server CPU-second',
  value,
  unit: 'msgs/CPU-s',
  higherIsBetter: true,
  headline: true,
});
const targets: TargetResults[] = [
  { key: 'anytime-sqlite', label: 'Anytime (SQLite)', metrics: [metric(9_000)] },
  { key: 'ejabberd', label: 'ejabberd 23.01-1', metrics: [metric(3_000)] },
  { key: 'prosody', label: 'Prosody 0.12.3', metrics: [metric(4_000)] },
];

describe('side-by-side report', () => {
  it('shows each server and each Anytime/peer ratio', () => {
    const [head, , row] = formatMetricTable(targets);
    expect(head).toBe(
      '| metric | Anytime (SQLite) | ejabberd 23.01-1 | Prosody 0.12.3 | SQLite vs ejabberd (Mnesia) | SQLite vs Prosody |',
    );
    expect(row).toContain('| 9,000 | 3,000 | 4,000 | 3.00x | 2.25x |');
  });

  it('checks the aims: 2x ejabberd met, 3x Prosody not', () => {
    const aims = checkPeerAims(targets);
    expect(aims.map((a) => [a.aim.peer, a.met])).toEqual([
      ['ejabberd', true],
      ['prosody', false],
    ]);
  });
});
