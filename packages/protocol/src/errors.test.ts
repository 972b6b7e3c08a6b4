// Every error code is documented in docs/protocol.md with its status and description.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ERROR_CATALOG } from './errors.js';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

it.each(Object.entries(ERROR_CATALOG))('documents %s', (code, { status, description }) => {
  expect(doc).toContain(`| \`${code}\` | ${status} | ${description} |`);
});

it('uses only 4xx and 5xx statuses', () => {
  for (const { status } of Object.values(ERROR_CATALOG)) expect(status >= 400 && status < 600).toBe(true);
});
