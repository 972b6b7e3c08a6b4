import { describe, expect, it } from 'vitest';
import { measureGroup, table } from './mls-bench.js';

describe('MLS bench', () => {
  it('measures commits in a small group and prints a table row', async () => {
    const row = await measureGroup(5, 1);
    expect(row.members).toBe(5);
    for (const v of [row.addMs, row.updateMs, row.processMs]) expect(v).toBeGreaterThan(0);
    expect(table([row])).toMatch(/^\| members .*\n.*\n\| 5 \| /);
  }, 60_000);
});
