// Tests the replacement of the generated section of docs/benchmarks.md.
import { describe, expect, it } from 'vitest';
import { newDocument, replaceSection, SECTION_END, SECTION_START } from './docs-section.js';

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
});
