// Reads a page's preview metadata (Open Graph, then plain HTML) with htmlparser2, a maintained
// HTML parser that copes with broken markup; nothing here is matched with regular expressions.
import type { LinkPreview } from '@anytime/protocol';
import { Parser } from 'htmlparser2';

const TITLE_MAX = 300;
const DESCRIPTION_MAX = 1_000;

function clean(text: string | undefined, max: number): string | null {
  const t = text?.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** An absolute http(s) URL resolved against the page, or null. */
function absolute(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The preview of an HTML page fetched from `finalUrl` (after redirects) for `requestedUrl`. */
export function previewFromHtml(html: string, requestedUrl: string, finalUrl: string): LinkPreview {
  const meta = new Map<string, string>();
  let canonical: string | undefined;
  let title = '';
  let inTitle = false;
  let titleDone = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title' && !titleDone) inTitle = true;
        if (name === 'meta') {
          const key = (attrs['property'] ?? attrs['name'] ?? '').toLowerCase();
          if (key && attrs['content'] !== undefined && !meta.has(key)) meta.set(key, attrs['content']);
        }
        if (name === 'link' && (attrs['rel'] ?? '').toLowerCase().split(/\s+/).includes('canonical')) {
          canonical ??= attrs['href'];
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          titleDone = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return {
    url: requestedUrl,
    canonicalUrl: absolute(meta.get('og:url') ?? canonical, finalUrl) ?? finalUrl,
    title: clean(meta.get('og:title') ?? meta.get('twitter:title') ?? title, TITLE_MAX),
    description: clean(
      meta.get('og:description') ?? meta.get('twitter:description') ?? meta.get('description'),
      DESCRIPTION_MAX,
    ),
    siteName: clean(meta.get('og:site_name'), TITLE_MAX),
    imageUrl: absolute(meta.get('og:image') ?? meta.get('og:image:url') ?? meta.get('twitter:image'), finalUrl),
  };
}
