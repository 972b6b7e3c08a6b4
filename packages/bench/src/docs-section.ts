// Replaces the generated part of a Markdown document, between `<!-- bench:start -->` and
// `<!-- bench:end -->`, leaving the hand-written text around it alone.
export const SECTION_START = '<!-- bench:start -->';
export const SECTION_END = '<!-- bench:end -->';

/** Puts `body` between the markers of `doc`; appends the markers when `doc` has none. */
export function replaceSection(doc: string, body: string): string {
  const block = `${SECTION_START}\n\n${body.trim()}\n\n${SECTION_END}`;
  const start = doc.indexOf(SECTION_START);
  const end = doc.indexOf(SECTION_END);
  if (start === -1 && end === -1) return `${doc.trimEnd()}${doc.trim() ? '\n\n' : ''}${block}\n`;
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`the document must have ${SECTION_START} followed by ${SECTION_END} (or neither)`);
  }
  if (doc.indexOf(SECTION_START, start + 1) !== -1 || doc.indexOf(SECTION_END, end + 1) !== -1) {
    throw new Error('the document has more than one generated section');
  }
  return doc.slice(0, start) + block + doc.slice(end + SECTION_END.length);
}

/** A starting document for when docs/benchmarks.md does not exist yet. */
export function newDocument(body: string): string {
  return replaceSection(
    '# Benchmarks\n\nRun `npm run build && npm run bench`; the section below is generated.\n',
    body,
  );
}
