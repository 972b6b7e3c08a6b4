import { describe, expect, it } from 'vitest';
import { measureGroup, table } from './mls-bench.js';

describe('MLS bench', () => {
  it.each(['blank', 'full'] as const)(
    'measures commits in a small %s-tree group and prints a row',
    async (tree) => {
      const row = await measureGroup(6, 1, tree);
      expect([row.members, row.tree]).toEqual([6, tree]);
      for (const c of [row.add, row.update, row.remove, row.processAdd]) {
        expect(c.wallMs).toBeGreaterThan(0);
        expect(c.cpuMs).toBeGreaterThanOrEqual(0);
      }
      expect(table([row])).toMatch(new RegExp(`^\\| provider .*\\n.*\\n\\| node \\| ${tree} \\| 6 \\| `));
    },
    60_000,
  );
});
