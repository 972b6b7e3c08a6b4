// Splits a message text into plain and matching parts for the search results (case and
// accents folded, as the server matches), and cuts a snippet around the first match.
export interface TextPart {
  text: string;
  match: boolean;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Parts of `text`; the words of `query` with 3+ letters are the matches. */
export function highlight(text: string, query: string): TextPart[] {
  const words = query
    .split(/\s+/)
    .filter((w) => w.length >= 3)
    .map(fold);
  if (words.length === 0) return [{ text, match: false }];
  // Fold character by character so that indexes map back to the original text.
  const chars = [...text];
  const folded = chars.map(fold);
  const flat = folded.join('');
  const starts: number[] = [];
  let pos = 0;
  for (const f of folded) {
    starts.push(pos);
    pos += f.length;
  }
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const w of words) {
    for (let at = flat.indexOf(w); at >= 0; at = flat.indexOf(w, at + 1)) {
      for (let i = 0; i < chars.length; i++) if (starts[i]! >= at && starts[i]! < at + w.length) marked[i] = true;
    }
  }
  const parts: TextPart[] = [];
  chars.forEach((c, i) => {
    const last = parts.at(-1);
    if (last && last.match === marked[i]) last.text += c;
    else parts.push({ text: c, match: marked[i]! });
  });
  return parts;
}

/** About `width` characters around the first match, with … where cut. */
export function snippet(parts: TextPart[], width = 80): TextPart[] {
  const total = parts.reduce((n, p) => n + p.text.length, 0);
  if (total <= width) return parts;
  let offset = 0;
  for (const p of parts) {
    if (p.match) break;
    offset += p.text.length;
  }
  const from = Math.max(0, Math.min(offset - 20, total - width));
  const to = from + width;
  const out: TextPart[] = [];
  let at = 0;
  for (const p of parts) {
    const a = Math.max(at, from);
    const b = Math.min(at + p.text.length, to);
    if (a < b) out.push({ text: p.text.slice(a - at, b - at), match: p.match });
    at += p.text.length;
  }
  if (from > 0) out.unshift({ text: '…', match: false });
  if (to < total) out.push({ text: '…', match: false });
  return out;
}
