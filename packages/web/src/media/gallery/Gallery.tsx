// A conversation's media, files and links (client.media.gallery), in tabs: photos and videos as
// a grid of thumbnails, files, voice notes and links as lists, newest first with "Show more".
// Opening an item shows its message in the chat. Loaded when an info panel first shows it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { GalleryKind, type GalleryItem } from '@anytime/protocol';
import { useClient } from '../../client/client-context.js';
import { errorText } from '../../client/error-text.js';
import { strings } from '../../strings.js';
import { mediaOf } from '../media-api.js';
import { FileCard } from '../MessageAttachments.js';
import { PhotoImage } from '../PhotoImage.js';
import { useMediaUrls } from '../use-media-urls.js';
import { VoicePlayer } from '../VoicePlayer.js';
import '../media.css';

const KINDS = GalleryKind.options;
const PAGE = 30;

export interface GalleryProps {
  conversationId: string;
  onOpenMessage: (messageId: string) => void;
}

export default function Gallery({ conversationId, onOpenMessage }: GalleryProps) {
  const t = strings.media;
  const client = useClient();
  const id = useId();
  const [kind, setKind] = useState<GalleryKind>('photos');
  const [items, setItems] = useState<GalleryItem[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tabs = useRef<HTMLDivElement>(null);

  const load = (k: GalleryKind, beforeSeq?: number) => {
    setLoading(true);
    setError(null);
    let live = true;
    Promise.resolve()
      .then(() =>
        mediaOf(client).gallery(conversationId, { kind: k, limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) }),
      )
      .then(
        (page) => {
          if (!live) return;
          setItems((old) => (beforeSeq ? [...old, ...page.items] : page.items));
          setNext(page.nextBeforeSeq);
        },
        (e: unknown) => live && setError(errorText(e)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => load(kind), [kind, conversationId]);

  function onTabKey(e: KeyboardEvent) {
    const i = KINDS.indexOf(kind);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const k = KINDS[(i + step + KINDS.length) % KINDS.length]!;
    setKind(k);
    requestAnimationFrame(() => tabs.current?.querySelector<HTMLElement>(`[data-kind="${k}"]`)?.focus());
  }

  return (
    <section className="gallery" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t.gallery}</h3>
      <div role="tablist" aria-label={t.gallery} ref={tabs} onKeyDown={onTabKey}>
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            data-kind={k}
            id={`${id}-${k}`}
            aria-selected={k === kind}
            aria-controls={`${id}-panel`}
            tabIndex={k === kind ? 0 : -1}
            onClick={() => setKind(k)}
          >
            {t.galleryTabs[k]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${kind}`}>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!loading && !error && items.length === 0 && <p className="placeholder">{t.galleryEmpty}</p>}
        <GalleryItems kind={kind} items={items} onOpen={onOpenMessage} />
        {loading && <p className="placeholder">{t.loading}</p>}
        {next !== null && !loading && (
          <button type="button" onClick={() => load(kind, next)}>
            {t.galleryMore}
          </button>
        )}
      </div>
    </section>
  );
}

function GalleryItems({
  kind,
  items,
  onOpen,
}: {
  kind: GalleryKind;
  items: GalleryItem[];
  onOpen: (id: string) => void;
}) {
  const t = strings.media;
  const urls = useMediaUrls(items.flatMap((i) => (i.media ? [i.media.id] : [])));
  if (kind === 'photos' || kind === 'videos')
    return (
      <ul className="gallery-grid">
        {items.map((i) =>
          i.media ? (
            <li key={`${i.messageId}:${i.media.id}`}>
              <button
                type="button"
                className="photo-button"
                aria-label={`${kind === 'photos' ? t.photo : t.video} · ${t.openInChat}`}
                onClick={() => onOpen(i.messageId)}
              >
                <PhotoImage
                  media={i.media}
                  src={urls.url(i.media.id, 'thumb320', 'poster', 'thumb1280')}
                  alt=""
                  onExpired={urls.refresh}
                />
                {i.media.durationMs !== null && kind === 'videos' && (
                  <span className="duration-badge">{t.duration(i.media.durationMs)}</span>
                )}
              </button>
            </li>
          ) : null,
        )}
      </ul>
    );
  return (
    <ul className="gallery-list">
      {items.map((i) => (
        <li key={`${i.messageId}:${i.media?.id ?? i.url}`}>
          {i.media && kind === 'voice' ? (
            <VoicePlayer media={i.media} src={urls.url(i.media.id, 'playback', 'original')} />
          ) : i.media ? (
            <FileCard media={i.media} href={urls.url(i.media.id, 'original')} />
          ) : i.url ? (
            <a href={i.url} target="_blank" rel="noopener noreferrer">
              {i.url}
            </a>
          ) : null}{' '}
          <button type="button" className="link" onClick={() => onOpen(i.messageId)}>
            {t.openInChat}
          </button>
        </li>
      ))}
    </ul>
  );
}
