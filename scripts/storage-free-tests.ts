// Which test files can never see the database backend, so the PostgreSQL pass of npm test
// (ANYTIME_TEST_DB=postgres) would run them exactly as the SQLite pass already did. A test file
// is kept in that pass when any module it imports, directly or through others (relative imports
// and the workspace aliases of vitest.config.ts), mentions ANYTIME_TEST_DB (test-databases.ts,
// which picks the backend, or a test asking for it) or child_process (a process it starts could
// read the variable) or worker_threads (likewise), or when an import cannot be followed. Files
// left out import none of those: pure unit tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT = /(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"`]([^'"`]+)['"`]/g;
const BACKEND_SENSITIVE = /ANYTIME_TEST_DB|child_process|worker_threads/;
/** An import that cannot be followed: its importer is kept in the PostgreSQL pass. */
const UNKNOWN = '?';

/** `alias`: bare import names mapped to files (vitest.config.ts's). */
function resolveImport(from: string, spec: string, alias: Record<string, string>): string | undefined {
  if (alias[spec]) return alias[spec];
  if (!spec.startsWith('.')) return undefined; // an npm package: never reads ANYTIME_TEST_DB
  if (spec.includes('${')) return UNKNOWN;
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx', '/index.ts']) if (existsSync(base + ext)) return base + ext;
  // Data (e.g. a JSON import) cannot read the variable; code we cannot find might.
  return existsSync(base) && !/\.(ts|tsx|js|mjs|cjs)$/.test(base) ? undefined : UNKNOWN;
}

/**
 * Test files under `dirs` (absolute) named `*.test.ts` whose imports never reach a module that
 * mentions ANYTIME_TEST_DB, child_process or worker_threads (or cannot be followed), relative to
 * `root` (for vitest's `exclude`).
 */
export function storageFreeTests(root: string, dirs: readonly string[], alias: Record<string, string>): string[] {
  const modules = new Map<string, { sensitive: boolean; imports: string[] }>();
  const read = (file: string) => {
    let m = modules.get(file);
    if (!m) {
      const source = readFileSync(file, 'utf8');
      const imports = [...source.matchAll(IMPORT)]
        .map((i) => resolveImport(file, i[1] ?? i[2] ?? '', alias))
        .filter((f): f is string => f !== undefined);
      m = { sensitive: BACKEND_SENSITIVE.test(source), imports };
      modules.set(file, m);
    }
    return m;
  };
  // Everything the test file reaches, walked afresh for each file (import cycles are common).
  const reachesSensitive = (test: string): boolean => {
    const seen = new Set([test]);
    const queue = [test];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (file === UNKNOWN) return true;
      const m = read(file);
      if (m.sensitive) return true;
      for (const next of m.imports) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    return false;
  };
  return dirs
    .flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => join(dir, f)),
    )
    .filter((file) => !reachesSensitive(file))
    .map((file) => relative(root, file))
    .sort();
}
