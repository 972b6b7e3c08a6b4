// Every error code is documented in docs/protocol.md with its status and description.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ERROR_CATALOG } from './errors.js';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
/** The rows of the catalog table: code -> [status, meaning], cells trimmed. */
const rows = new Map(
  doc
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => /^`[a-z_]+`$/.test(cells[1] ?? ''))
    .map((cells) => [cells[1]!.slice(1, -1), [cells[2], cells[3]]] as const),
);

it.each(Object.entries(ERROR_CATALOG))('documents %s', (code, { status, description }) => {
  expect(rows.get(code)).toEqual([String(status), description]);
});

it('documents no code that does not exist', () => {
  for (const code of rows.keys()) expect(Object.keys(ERROR_CATALOG)).toContain(code);
});

it('uses only 4xx and 5xx statuses', () => {
  for (const { status } of Object.values(ERROR_CATALOG)) expect(status >= 400 && status < 600).toBe(true);
});
