// The media of one message in the history: photos (one, or an album as a grid) laid out from
// their width and height with the ThumbHash placeholder, videos (poster, then <video controls>
// on the playback variant), voice notes (waveform player), audio and files (name, size,
// download), and who is tagged. A photo opens the viewer (loaded on first use).
import { lazy, Suspense, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Message, MessageMedia } from '@anytime/protocol';
import { strings } from '../strings.js';
import { albumGrid, fitBox } from './layout.js';
import { PhotoImage } from './PhotoImage.js';
import { useMediaUrls } from './use-media-urls.js';
import { VoicePlayer } from './VoicePlayer.js';
import './media.css';

const PhotoViewer = lazy(() => import('./viewer/PhotoViewer.js'));

export interface MessageAttachmentsProps {
  message: Message;
  meId: string;
  userName: (userId: string) => string;
}

export function MessageAttachments({ message, meId, userName }: MessageAttachmentsProps) {
  const t = strings.media;
  const urls = useMediaUrls(message.media.map((m) => m.id));
  const [viewing, setViewing] = useState<number | null>(null);
  const photos = message.media.filter((m) => m.kind === 'image');
  const others = message.media.filter((m) => m.kind !== 'image');
  const tagged = [...new Set(photos.flatMap((p) => p.tags.map((tag) => tag.userId)))];

  return (
    <div className="attachments">
      {photos.length > 0 && (
        <Album photos={photos} urls={urls} sender={userName(message.senderId)} onOpen={setViewing} />
      )}
      {tagged.length > 0 && (
        <p className="tagged-line">
          <span aria-hidden="true">👤 </span>
          {t.tagged('')}
          {tagged.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              {/* Being tagged is a mention: it stands out like one. */}
              <span className={id === meId ? 'mention mention-me' : 'mention'}>
                {id === meId ? strings.chat.you : userName(id)}
              </span>
            </span>
          ))}
        </p>
      )}
      {others.map((m) =>
        m.kind === 'video' ? (
          <VideoCard key={m.id} media={m} urls={urls} />
        ) : m.kind === 'voice' ? (
          <VoicePlayer key={m.id} media={m} src={urls.url(m.id, 'playback', 'original')} />
        ) : m.kind === 'audio' ? (
          <div key={m.id} className="audio-card">
            <FileCard media={m} href={urls.url(m.id, 'original')} />
            <audio controls preload="none" src={urls.url(m.id, 'playback', 'original')} />
          </div>
        ) : (
          <FileCard key={m.id} media={m} href={urls.url(m.id, 'original')} />
        ),
      )}
      {/* On the body: the history's rows are transformed, which would trap a fixed overlay. */}
      {viewing !== null &&
        createPortal(
          <Suspense fallback={null}>
            <PhotoViewer
              message={message}
              photos={photos}
              start={viewing}
              meId={meId}
              userName={userName}
              onClose={() => setViewing(null)}
            />
          </Suspense>,
          document.body,
        )}
    </div>
  );
}

type Urls = ReturnType<typeof useMediaUrls>;

function Album(props: { photos: MessageMedia[]; urls: Urls; sender: string; onOpen: (i: number) => void }) {
  const { photos, urls, sender, onOpen } = props;
  const t = strings.media;
  if (photos.length === 1) {
    const p = photos[0]!;
    const box = fitBox(p.width, p.height);
    return (
      <button type="button" className="photo-button" aria-label={t.openPhoto(1, 1)} onClick={() => onOpen(0)}>
        <PhotoImage
          media={p}
          src={urls.url(p.id, 'thumb1280', 'thumb320', 'original')}
          alt={t.photoBy(sender)}
          style={{ width: box.width, height: box.height }}
          onExpired={urls.refresh}
        />
      </button>
    );
  }
  const grid = albumGrid(photos.length);
  return (
    <div
      className="album"
      role="group"
      aria-label={t.album(photos.length)}
      style={{
        gridTemplateColumns: `repeat(${grid.columns}, 1fr)`,
        gridTemplateRows: `repeat(${grid.rows}, ${grid.rows > 2 ? 90 : 130}px)`,
      }}
    >
      {photos.map((p, i) => {
        const c = grid.cells[i]!;
        return (
          <button
            key={p.id}
            type="button"
            className="photo-button"
            aria-label={t.openPhoto(i + 1, photos.length)}
            onClick={() => onOpen(i)}
            style={{ gridColumn: `${c.column} / span ${c.columnSpan}`, gridRow: `${c.row} / span ${c.rowSpan}` }}
          >
            <PhotoImage
              media={p}
              src={urls.url(p.id, 'thumb320', 'thumb1280', 'original')}
              alt={t.photoBy(sender)}
              onExpired={urls.refresh}
            />
          </button>
        );
      })}
    </div>
  );
}

function VideoCard({ media, urls }: { media: MessageMedia; urls: Urls }) {
  const t = strings.media;
  const [playing, setPlaying] = useState(false);
  const box = fitBox(media.width, media.height);
  const poster = urls.url(media.id, 'thumb1280', 'poster', 'thumb320');
  const src = urls.url(media.id, 'playback', 'original');
  if (playing && src)
    return (
      <video
        className="video-player"
        controls
        autoPlay
        playsInline
        src={src}
        poster={poster}
        style={{ width: box.width, height: box.height }}
      />
    );
  return (
    <button
      type="button"
      className="photo-button video-poster"
      aria-label={t.playVideo}
      onClick={() => setPlaying(true)}
    >
      <PhotoImage
        media={media}
        src={poster}
        alt=""
        style={{ width: box.width, height: box.height }}
        onExpired={urls.refresh}
      />
      <span className="play-badge" aria-hidden="true">
        ▶
      </span>
      {media.durationMs !== null && <span className="duration-badge">{t.duration(media.durationMs)}</span>}
    </button>
  );
}

export function FileCard({ media, href }: { media: MessageMedia; href: string | undefined }) {
  const t = strings.media;
  const name = media.fileName ?? t.unnamedFile;
  return (
    <a
      className="file-card"
      href={href}
      download={name}
      aria-label={t.download(name)}
      aria-disabled={href ? undefined : true}
      onClick={(e) => !href && e.preventDefault()}
    >
      <span className="file-icon" aria-hidden="true">
        📄
      </span>
      <span className="file-name">{name}</span>
      <span className="file-size">{t.size(media.size)}</span>
    </a>
  );
}
