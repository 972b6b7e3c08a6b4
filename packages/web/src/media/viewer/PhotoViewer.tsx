// The full-size photo viewer (loaded on first use): the 1280 px rendition (or the original),
// previous / next by arrow keys, buttons or a swipe; a tap on the photo shows who is tagged
// where, and the tagged person or the sender may remove a tag.
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { Message, MessageMedia, PhotoTag } from '@anytime/protocol';
import { Modal } from '../../chat/actions/Modal.js';
import { useClient } from '../../client/client-context.js';
import { errorText } from '../../client/error-text.js';
import { strings } from '../../strings.js';
import { mediaOf } from '../media-api.js';
import { PhotoImage } from '../PhotoImage.js';
import { useMediaUrls } from '../use-media-urls.js';

export interface PhotoViewerProps {
  message: Message;
  photos: readonly MessageMedia[];
  start: number;
  meId: string;
  userName: (userId: string) => string;
  onClose: () => void;
}

const SWIPE_PX = 40;

export default function PhotoViewer({ message, photos, start, meId, userName, onClose }: PhotoViewerProps) {
  const t = strings.media;
  const client = useClient();
  const [index, setIndex] = useState(Math.min(start, photos.length - 1));
  const [showTags, setShowTags] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const swipe = useRef<number | null>(null);
  const photo = photos[index];
  const urls = useMediaUrls(photo ? [photo.id] : []);
  const count = photos.length;
  const go = (step: number) => {
    setIndex((i) => (i + step + count) % count);
    setError(null);
  };

  useEffect(() => {
    if (!photo) onClose();
  }, [photo, onClose]);
  if (!photo) return null;

  const name = (id: string) => (id === meId ? strings.chat.you : userName(id));
  const mayRemove = (tag: PhotoTag) => tag.userId === meId || message.senderId === meId || tag.taggedBy === meId;
  const remove = (tag: PhotoTag) => {
    setError(null);
    mediaOf(client)
      .removeTag(message.id, tag.id)
      .catch((e: unknown) => setError(errorText(e)));
  };

  const onPointerDown = (e: PointerEvent) => (swipe.current = e.clientX);
  const onPointerUp = (e: PointerEvent) => {
    const from = swipe.current;
    swipe.current = null;
    if (from === null) return;
    const dx = e.clientX - from;
    if (count > 1 && Math.abs(dx) > SWIPE_PX) go(dx < 0 ? 1 : -1);
    else setShowTags((s) => !s);
  };

  return (
    <Modal title={t.viewer} onClose={onClose} className="photo-viewer">
      <div
        className="viewer-body"
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight' && count > 1) go(1);
          else if (e.key === 'ArrowLeft' && count > 1) go(-1);
        }}
      >
        <div className="viewer-stage" onPointerDown={onPointerDown} onPointerUp={onPointerUp}>
          <PhotoImage
            media={photo}
            src={urls.url(photo.id, 'thumb1280', 'original', 'thumb320')}
            alt={t.photoBy(name(message.senderId))}
            onExpired={urls.refresh}
          />
          {showTags &&
            photo.tags.map((tag) => (
              <span
                key={tag.id}
                className="tag-box"
                style={{
                  left: `${tag.x * 100}%`,
                  top: `${tag.y * 100}%`,
                  width: `${tag.w * 100}%`,
                  height: `${tag.h * 100}%`,
                }}
              >
                <span className="tag-label">{name(tag.userId)}</span>
              </span>
            ))}
        </div>
        <div className="viewer-controls">
          {count > 1 && (
            <button type="button" onClick={() => go(-1)} aria-label={t.previous}>
              <span aria-hidden="true">‹</span>
            </button>
          )}
          {count > 1 && <span className="viewer-counter">{t.counter(index + 1, count)}</span>}
          {photo.tags.length > 0 && (
            <button type="button" aria-pressed={showTags} onClick={() => setShowTags((s) => !s)}>
              {showTags ? t.hideTags : t.showTags}
            </button>
          )}
          {count > 1 && (
            <button type="button" onClick={() => go(1)} aria-label={t.next}>
              <span aria-hidden="true">›</span>
            </button>
          )}
        </div>
        {showTags && photo.tags.length > 0 && (
          <ul className="viewer-tags" aria-label={t.tagHeading}>
            {photo.tags.map((tag) => (
              <li key={tag.id}>
                <span>{name(tag.userId)}</span>
                {mayRemove(tag) && (
                  <button
                    type="button"
                    className="link"
                    aria-label={t.tagRemove(name(tag.userId))}
                    onClick={() => remove(tag)}
                  >
                    {t.removeTag}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
