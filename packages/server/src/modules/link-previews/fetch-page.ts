// Fetches a page for a preview through the SSRF-guarded client: each redirect hop is checked
// afresh (a public page redirecting to 127.0.0.1 is refused), at most MAX_REDIRECTS of them;
// the body is read up to the configured size (then reading stops and what was read is used)
// within the configured time; only HTML is accepted.
import type { LinkPreview } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { HostAllowlist } from '../../outbound/address-policy.js';
import { guardedRequest, OutboundFailed, type GuardOptions } from '../../outbound/guarded-request.js';
import { previewFromHtml } from './parse-html.js';

const MAX_REDIRECTS = 5;
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

export function previewGuard(ctx: AppContext): GuardOptions {
  return { allow: new HostAllowlist(ctx.config.LINK_PREVIEW_ALLOWED_HOSTS), allowPlainHttp: true };
}

/** Rejects with OutboundRefused (target not allowed) or OutboundFailed (anything else). */
export async function fetchPreview(ctx: AppContext, url: string): Promise<LinkPreview> {
  const guard = previewGuard(ctx);
  const deadline = Date.now() + ctx.config.LINK_PREVIEW_TIMEOUT_MS;
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const left = deadline - Date.now();
    if (left <= 0) throw new OutboundFailed('timed out');
    const res = await guardedRequest(
      current,
      {
        method: 'GET',
        headers: {
          'user-agent': 'AnytimeLinkPreview/1.0 (+https://github.com/anytime)',
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
        },
        timeoutMs: left,
        maxBytes: ctx.config.LINK_PREVIEW_MAX_BYTES,
      },
      guard,
    );
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      if (hop >= MAX_REDIRECTS) throw new OutboundFailed('too many redirects');
      current = new URL(res.headers.location, current);
      continue;
    }
    if (res.status < 200 || res.status >= 300) throw new OutboundFailed(`status ${res.status}`);
    const [type, ...params] = (res.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
    if (!type || !HTML_TYPES.has(type)) throw new OutboundFailed('not HTML');
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length) ?? 'utf-8';
    let html: string;
    try {
      html = new TextDecoder(charset).decode(res.body);
    } catch {
      html = new TextDecoder('utf-8').decode(res.body);
    }
    return previewFromHtml(html, url, current.href);
  }
}
