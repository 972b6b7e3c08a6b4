// A message's attachments in words, for the chat list preview and notifications: "📷 Photo",
// "📷 3 photos", "🎥 Video", "🎤 Voice message (0:07)", "📄 report.pdf".
import type { MessageMedia } from '@anytime/protocol';
import { strings } from '../strings.js';

export function mediaLabel(media: readonly MessageMedia[]): string | null {
  const first = media[0];
  if (!first) return null;
  const t = strings.media;
  const photos = media.filter((m) => m.kind === 'image').length;
  if (photos > 1) return `📷 ${t.album(photos)}`;
  switch (first.kind) {
    case 'image':
      return `📷 ${t.photo}`;
    case 'video':
      return `🎥 ${t.video}`;
    case 'voice':
      return `🎤 ${t.voice}${first.durationMs !== null ? ` (${t.duration(first.durationMs)})` : ''}`;
    default:
      return `📄 ${first.fileName ?? t.file}`;
  }
}
