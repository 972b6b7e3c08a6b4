// The card under a message whose first link the server previewed: site, title, description and
// the page's image when it has one. The whole card links to the page.
import type { LinkPreview } from '@anytime/protocol';
import { strings } from '../../strings.js';

export function LinkPreviewCard({ preview }: { preview: LinkPreview }) {
  const href = preview.canonicalUrl ?? preview.url;
  if (!preview.title && !preview.description && !preview.siteName) return null;
  return (
    <a
      className="link-preview"
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow"
      aria-label={`${strings.history.linkPreview}: ${preview.title ?? preview.siteName ?? href}`}
    >
      {preview.imageUrl && (
        <img src={preview.imageUrl} alt="" loading="lazy" referrerPolicy="no-referrer" decoding="async" />
      )}
      <span className="link-preview-body">
        {preview.siteName && <span className="link-preview-site">{preview.siteName}</span>}
        {preview.title && <span className="link-preview-title">{preview.title}</span>}
        {preview.description && <span className="link-preview-description">{preview.description}</span>}
      </span>
    </a>
  );
}
