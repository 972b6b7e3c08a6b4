// Tests the replacement of the generated section of docs/benchmarks.md.
import { describe, expect, it } from 'vitest';
import {
  newDocument,
  PEERS_MARKERS,
  replaceSection,
  SECTION_END,
  SECTION_START,
  writeDocument,
} from './docs-section.js';

describe('replaceSection', () => {
  it('replaces only what is between the markers', () => {
    const doc = `# Title\n\nintro text\n\n${SECTION_START}\nold table\n${SECTION_END}\n\n## After\nkept\n`;
    const out = replaceSection(doc, 'new table');
    expect(out).toBe(`# Title\n\nintro text\n\n${SECTION_START}\n\nnew table\n\n${SECTION_END}\n\n## After\nkept\n`);
  });

  it('is stable when run twice', () => {
    const once = replaceSection(`intro\n${SECTION_START}\n${SECTION_END}\n`, 'rows');
    expect(replaceSection(once, 'rows')).toBe(once);
  });

  it('appends the section when the document has no markers', () => {
    expect(replaceSection('# Benchmarks\n\nintro\n', 'rows')).toBe(
      `# Benchmarks\n\nintro\n\n${SECTION_START}\n\nrows\n\n${SECTION_END}\n`,
    );
  });

  it('refuses a document with one marker, markers out of order or two sections', () => {
    expect(() => replaceSection(`a\n${SECTION_START}\nb`, 'x')).toThrow(/must have/);
    expect(() => replaceSection(`${SECTION_END}\n${SECTION_START}`, 'x')).toThrow(/must have/);
    const two = `${SECTION_START}${SECTION_END}${SECTION_START}${SECTION_END}`;
    expect(() => replaceSection(two, 'x')).toThrow(/more than one/);
  });

  it('starts a new document with a heading and the section', () => {
    const doc = newDocument('rows');
    expect(doc.startsWith('# Benchmarks\n')).toBe(true);
    expect(doc).toContain(`${SECTION_START}\n\nrows\n\n${SECTION_END}`);
  });

  it('keeps the side-by-side section and the main section apart', () => {
    const main = replaceSection('# B\n', 'main rows');
    const both = replaceSection(main, 'peer rows', PEERS_MARKERS);
    expect(both).toContain(`${SECTION_START}\n\nmain rows\n\n${SECTION_END}`);
    expect(both).toContain(`${PEERS_MARKERS.start}\n\npeer rows\n\n${PEERS_MARKERS.end}`);
    const again = replaceSection(replaceSection(both, 'new main'), 'new peers', PEERS_MARKERS);
    expect(again).toContain('new main');
    expect(again).toContain('new peers');
    expect(again).not.toContain('peer rows');
  });
});

describe('writeDocument', () => {
  it('writes the document as Prettier formats it, so the format check passes', async () => {
    const { mkdtemp, readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const prettier = await import('prettier');
    const file = join(await mkdtemp(join(tmpdir(), 'docs-')), 'benchmarks.md');
    const doc = newDocument('| a | long header |\n|---|---:|\n| 1 | 2 |');
    await writeDocument(file, doc);
    const written = await readFile(file, 'utf8');
    expect(written).not.toBe(doc);
    expect(await prettier.check(written, { filepath: file })).toBe(true);
    expect(written).toContain('| a   | long header |');
  });
});
