// Link previews: what the server found at a URL (Open Graph / HTML metadata), fetched with an
// SSRF guard and cached.
import { z } from 'zod';

export const LinkPreview = z
  .object({
    url: z.string().meta({ description: 'The URL that was asked for' }),
    canonicalUrl: z.string().nullable(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    siteName: z.string().nullable(),
    imageUrl: z.string().nullable(),
  })
  .meta({ id: 'LinkPreview' });
export type LinkPreview = z.infer<typeof LinkPreview>;

export const LinkPreviewQuery = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).max(2048),
});
export type LinkPreviewQuery = z.infer<typeof LinkPreviewQuery>;

export const LinkPreviewResponse = z.object({ preview: LinkPreview }).meta({ id: 'LinkPreviewResponse' });
export type LinkPreviewResponse = z.infer<typeof LinkPreviewResponse>;
