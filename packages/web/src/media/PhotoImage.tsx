// One photo (or video poster) at its laid-out size: the ThumbHash placeholder first, then the
// signed thumbnail once it has loaded. A failed load asks for fresh URLs once (they expire).
import { useEffect, useState, type CSSProperties } from 'react';
import type { MessageMedia } from '@anytime/protocol';
import { placeholderUrl } from './thumbhash.js';

export interface PhotoImageProps {
  media: MessageMedia;
  src: string | undefined;
  alt: string;
  style?: CSSProperties;
  onExpired?: () => void;
}

export function PhotoImage({ media, src, alt, style, onExpired }: PhotoImageProps) {
  const [loaded, setLoaded] = useState<string | null>(null);
  const [retried, setRetried] = useState(false);
  const placeholder = placeholderUrl(media.placeholder);
  useEffect(() => setRetried(false), [media.id]);
  const shown = loaded !== null && loaded === src;
  return (
    <span
      className="photo-image"
      style={{ ...style, backgroundImage: placeholder && !shown ? `url(${placeholder})` : undefined }}
    >
      {src && (
        <img
          src={src}
          alt={alt}
          width={media.width ?? undefined}
          height={media.height ?? undefined}
          decoding="async"
          loading="lazy"
          className={shown ? 'loaded' : undefined}
          onLoad={() => setLoaded(src)}
          onError={() => {
            if (retried) return;
            setRetried(true);
            onExpired?.();
          }}
        />
      )}
    </span>
  );
}
