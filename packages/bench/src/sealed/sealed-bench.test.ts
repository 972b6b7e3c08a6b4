// The sealed benchmark runs (quick sizes) and reports sane numbers: every size measured, per
// device costs positive, and the table has a row per size.
import { describe, expect, it } from 'vitest';
import { QUICK_SEALED, runSealedBench, sealedTable } from './sealed-bench.js';

describe('sealed bench', () => {
  it('measures sealing and opening per recipient device', async () => {
    const r = await runSealedBench(QUICK_SEALED);
    expect(r.rows.map((x) => x.devices)).toEqual(QUICK_SEALED.devices);
    for (const row of r.rows) {
      expect(row.sealMsPerDevice).toBeGreaterThan(0);
      expect(row.openMsPerDevice).toBeGreaterThan(0);
    }
    expect(r.argon2idMs).toBeGreaterThan(0);
    const table = sealedTable(r);
    expect(table.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(QUICK_SEALED.devices.length);
  });
});
