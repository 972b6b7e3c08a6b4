// The full-size photo viewer (loaded on first use): the 1280 px rendition (or the original),
// previous / next by arrow keys, buttons or a swipe; a tap on the photo shows who is tagged
// where, and the tagged person or the sender may remove a tag. The sender may tag more people.
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { Conversation, Message, MessageMedia, PhotoTag } from '@anytime/protocol';
import { Modal } from '../../chat/actions/Modal.js';
import { useMentionCandidates } from '../../chat/composer/use-mention-candidates.js';
import { useClient } from '../../client/client-context.js';
import { useClientState } from '../../client/use-client-store.js';
import { errorText } from '../../client/error-text.js';
import { strings } from '../../strings.js';
import { regionAt } from '../compose/attachment.js';
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
  const stage = useRef<HTMLDivElement>(null);
  // The sender may tag people after sending: a tap places the spot, then a member is picked.
  const [tagging, setTagging] = useState(false);
  const [spot, setSpot] = useState<{ x: number; y: number; w: number; h: number } | null>(null);
  const conversation = useClientState().conversations[message.conversationId];
  const mayTag = message.senderId === meId && conversation !== undefined;
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

  const addTag = (userId: string) => {
    if (!spot) return;
    setError(null);
    setSpot(null);
    mediaOf(client)
      .addTag(message.id, { mediaId: photo.id, userId, ...spot })
      .catch((e: unknown) => setError(errorText(e)));
  };

  const onPointerDown = (e: PointerEvent) => (swipe.current = e.clientX);
  const onPointerUp = (e: PointerEvent) => {
    const from = swipe.current;
    swipe.current = null;
    if (from === null) return;
    const dx = e.clientX - from;
    const img = stage.current?.querySelector('img');
    if (tagging && img && Math.abs(dx) <= SWIPE_PX) {
      const r = img.getBoundingClientRect();
      if (r.width > 0 && r.height > 0)
        setSpot(regionAt((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height, r.width / r.height));
      return;
    }
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
        <div className="viewer-stage" ref={stage} onPointerDown={onPointerDown} onPointerUp={onPointerUp}>
          <PhotoImage
            media={photo}
            src={urls.url(photo.id, 'thumb1280', 'original', 'thumb320')}
            alt={t.photoBy(name(message.senderId))}
            onExpired={urls.refresh}
          />
          {spot && <span className="tag-box pending" style={box(spot)} />}
          {(showTags || tagging) &&
            photo.tags.map((tag) => (
              <span key={tag.id} className="tag-box" style={box(tag)}>
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
          {mayTag && (
            <button
              type="button"
              aria-pressed={tagging}
              onClick={() => {
                setTagging((v) => !v);
                setSpot(null);
              }}
            >
              {t.tagHeading}
            </button>
          )}
          {count > 1 && (
            <button type="button" onClick={() => go(1)} aria-label={t.next}>
              <span aria-hidden="true">›</span>
            </button>
          )}
        </div>
        {tagging && <p>{t.tagHint}</p>}
        {spot && conversation && (
          <TagPicker
            conversation={conversation}
            meId={meId}
            exclude={photo.tags.map((x) => x.userId)}
            onPick={addTag}
          />
        )}
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

const box = (r: { x: number; y: number; w: number; h: number }) => ({
  left: `${r.x * 100}%`,
  top: `${r.y * 100}%`,
  width: `${r.w * 100}%`,
  height: `${r.h * 100}%`,
});

function TagPicker(props: {
  conversation: Conversation;
  meId: string;
  exclude: readonly string[];
  onPick: (userId: string) => void;
}) {
  const candidates = useMentionCandidates(props.conversation, props.meId, true);
  return (
    <div className="tag-picker" role="group" aria-label={strings.media.tagPick}>
      {candidates.flatMap((c) =>
        c.userId && !props.exclude.includes(c.userId)
          ? [
              <button key={c.userId} type="button" onClick={() => props.onPick(c.userId!)}>
                {c.name}
              </button>,
            ]
          : [],
      )}
    </div>
  );
}
