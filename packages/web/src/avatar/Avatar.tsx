// A round avatar: the image when there is one (fetched with the access token), else the name's
// initial on the accent colour (also while the image loads, or when it cannot be fetched).
import { strings } from '../strings.js';
import { useImageSrc } from './image-cache.js';
import './avatar.css';

export interface AvatarProps {
  name: string;
  url: string | null;
  size?: 'small' | 'large';
  /** Decorative (the default) when the name is shown beside it. */
  labelled?: boolean;
}

export function initial(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}

export function Avatar({ url, ...rest }: AvatarProps) {
  // Only an avatar with an image needs the client (so that one without works anywhere).
  return url ? <ImageAvatar url={url} {...rest} /> : <Frame {...rest} src={null} />;
}

function ImageAvatar({ url, ...rest }: AvatarProps & { url: string }) {
  return <Frame {...rest} src={useImageSrc(url)} />;
}

function Frame({ name, size = 'small', labelled = false, src }: Omit<AvatarProps, 'url'> & { src: string | null }) {
  const className = `avatar${size === 'large' ? ' avatar-large' : ''}`;
  const a11y = labelled ? { role: 'img', 'aria-label': strings.avatar.of(name) } : { 'aria-hidden': true };
  return (
    <span className={className} {...a11y}>
      {src ? <img src={src} alt="" className="avatar-image" /> : initial(name)}
    </span>
  );
}
