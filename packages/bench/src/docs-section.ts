// Replaces the generated part of a Markdown document, between `<!-- bench:start -->` and
// `<!-- bench:end -->`, leaving the hand-written text around it alone.
import { writeFile } from 'node:fs/promises';

export const SECTION_START = '<!-- bench:start -->';
export const SECTION_END = '<!-- bench:end -->';

/** The markers of the side-by-side section written by `npm run bench -- --peers`. */
export const PEERS_MARKERS = { start: '<!-- bench-peers:start -->', end: '<!-- bench-peers:end -->' };

/** Puts `body` between the markers of `doc`; appends the markers when `doc` has none. */
export function replaceSection(
  doc: string,
  body: string,
  markers: { start: string; end: string } = { start: SECTION_START, end: SECTION_END },
): string {
  const { start: open, end: close } = markers;
  const block = `${open}\n\n${body.trim()}\n\n${close}`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start === -1 && end === -1) return `${doc.trimEnd()}${doc.trim() ? '\n\n' : ''}${block}\n`;
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`the document must have ${open} followed by ${close} (or neither)`);
  }
  if (doc.indexOf(open, start + 1) !== -1 || doc.indexOf(close, end + 1) !== -1) {
    throw new Error('the document has more than one generated section');
  }
  return doc.slice(0, start) + block + doc.slice(end + close.length);
}

/** A starting document for when docs/benchmarks.md does not exist yet. */
export function newDocument(body: string): string {
  return replaceSection(
    '# Benchmarks\n\nRun `npm run build && npm run bench`; the section below is generated.\n',
    body,
  );
}

/**
 * Writes the document formatted as the repository's Prettier settings say, so that a run's
 * output passes the format check of `npm test` as it is.
 */
export async function writeDocument(path: string, doc: string): Promise<void> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(path)) ?? {};
  await writeFile(path, await prettier.format(doc, { ...options, filepath: path }));
}
