// The attachments waiting in the composer: a preview of each, with Edit (photos and videos, when
// the editor is available), Tag (photos) and Remove.
import { strings } from '../../strings.js';
import type { Attachment } from './attachment.js';
import { useObjectUrl } from './use-object-url.js';

export interface AttachmentTrayProps {
  attachments: readonly Attachment[];
  onRemove: (key: string) => void;
  onEdit?: ((key: string) => void) | undefined;
  onTag: (key: string) => void;
  tagName: (userId: string) => string;
}

export function AttachmentTray({ attachments, onRemove, onEdit, onTag, tagName }: AttachmentTrayProps) {
  const t = strings.media;
  if (attachments.length === 0) return null;
  return (
    <ul className="attach-tray" aria-label={t.attachments}>
      {attachments.map((a) => (
        <li key={a.key} className="attach-item">
          <Preview attachment={a} />
          <span className="name" title={a.name}>
            {a.name}
          </span>
          {a.kind === 'video' && a.filter && a.filter !== 'none' && (
            <span className="name">{strings.photoEditor.filterNames[a.filter]}</span>
          )}
          {a.tags.length > 0 && (
            <span className="name">{t.tagged(a.tags.map((x) => tagName(x.userId)).join(', '))}</span>
          )}
          <span className="item-actions">
            {onEdit && (a.kind === 'image' || a.kind === 'video') && (
              <button type="button" aria-label={t.edit(a.name)} onClick={() => onEdit(a.key)}>
                ✎
              </button>
            )}
            {a.kind === 'image' && (
              <button type="button" aria-label={t.tag(a.name)} onClick={() => onTag(a.key)}>
                👤
              </button>
            )}
            <button type="button" aria-label={t.removeAttachment(a.name)} onClick={() => onRemove(a.key)}>
              ×
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}

function Preview({ attachment: a }: { attachment: Attachment }) {
  const url = useObjectUrl(a.kind === 'image' || a.kind === 'video' ? a.file : null);
  return (
    <span className="thumb" aria-hidden="true">
      {a.kind === 'image' && url ? (
        <img src={url} alt="" />
      ) : a.kind === 'video' && url ? (
        <video src={url} muted preload="metadata" />
      ) : a.kind === 'voice' ? (
        '🎤'
      ) : (
        '📄'
      )}
    </span>
  );
}
