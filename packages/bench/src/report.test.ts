// Tests the aims check and both renderings of the results (console table, Markdown).
import { describe, expect, it } from 'vitest';
import { formatValue } from './format.js';
import { checkAims, formatConsoleTable, formatMarkdownSection, formatRatio, type ResultRow } from './report.js';

const row = (id: string, value: number, unit: string, notes: string[] = []): ResultRow => ({
  backend: 'sqlite',
  id,
  scenario: `scenario ${id}`,
  value,
  unit,
  notes,
});

const machine = { cpus: 2, cpuModel: 'Test CPU', memoryBytes: 4 * 1024 ** 3, os: 'Linux 6.1', node: 'v20.20.2' };

describe('checkAims', () => {
  it('compares throughput as value/target and latency as target/value', () => {
    const checks = checkAims([row('b16', 7_500, 'msgs/s'), row('b1', 2_500, 'msgs/s'), row('c', 10, 'ms')]);
    const by = Object.fromEntries(checks.map((c) => [c.row.id, c]));
    expect(by.b16).toMatchObject({ ratio: 1.5, met: true });
    expect(by.b1).toMatchObject({ ratio: 0.5, met: false });
    expect(by.c).toMatchObject({ ratio: 2, met: true });
  });

  it('says a latency at or above the aim is not met', () => {
    const [c] = checkAims([row('c', 20, 'ms')]);
    expect(c).toMatchObject({ ratio: 1, met: false });
  });

  it('skips aims whose scenario did not run', () => {
    expect(checkAims([row('a', 1_000, 'msgs/s')])).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats values with thousands separators and few decimals', () => {
    expect(formatValue(12_345.6)).toBe('12,346');
    expect(formatValue(42.25)).toBe('42.3');
    expect(formatValue(3.14159)).toBe('3.14');
    expect(formatRatio(1.234)).toBe('1.23x');
    expect(formatRatio(Infinity)).toBe('inf');
  });

  it('prints an aligned console table with notes under each row and the aims', () => {
    const rows = [row('a', 1_331, 'msgs/s', ['note one']), row('b16', 4_250, 'msgs/s')];
    const out = formatConsoleTable(rows, checkAims(rows)).split('\n');
    expect(out[0]).toMatch(/^backend\s+scenario\s+value\s+unit$/);
    expect(out[2]).toMatch(/^sqlite\s+a\. scenario a\s+1,331\s+msgs\/s$/);
    expect(out[3]).toBe('      note one');
    expect(out).toContain(
      '  NOT MET >= 5,000 durable msgs/s with 50 senders [sqlite b16]: 4,250 msgs/s, 0.85x the aim',
    );
  });

  it('writes a Markdown table with date, escaped notes, the aims and a correctness line', () => {
    const rows = [row('c', 11.3, 'ms', ['p50 1 | p99 11', 'exactly once'])];
    const md = formatMarkdownSection({
      date: '2025-01-02 03:04 UTC',
      quick: false,
      machine,
      rows,
      checks: checkAims(rows),
      problems: [],
    });
    expect(md).toContain('on 2 x Test CPU, 4.00 GiB RAM, Linux 6.1, Node v20.20.2');
    expect(md).toContain(
      '| 2025-01-02 03:04 UTC | sqlite | c. scenario c | 11.3 | ms | p50 1 \\| p99 11; exactly once |',
    );
    expect(md).toContain('| send->deliver p99 < 20 ms at 500 msgs/s | sqlite | c | 11.3 ms | 1.77x | yes |');
    expect(md).toContain('Correctness: every acked message reached every receiver exactly once');
    expect(md).not.toContain('smoke test');
  });

  it('lists problems instead of the correctness line, and marks quick runs', () => {
    const md = formatMarkdownSection({
      date: 'd',
      quick: true,
      machine,
      rows: [],
      checks: [],
      problems: ['2 missing'],
    });
    expect(md).toContain('smoke test');
    expect(md).toContain('- 2 missing');
    expect(md).not.toContain('Correctness:');
  });
});
