// One person (or one screen share) in a call: their video, or their avatar when the camera is
// off; their name, a muted icon, a raised hand, and a ring while they speak.
import type { User } from '@anytime/protocol';
import { Avatar } from '../avatar/Avatar.js';
import { strings } from '../strings.js';
import { MediaVideo } from './MediaVideo.js';

export interface TileModel {
  key: string;
  deviceId: string;
  userId: string;
  joinedAt: string;
  screen: boolean;
  self: boolean;
  stream: MediaStream | null;
  muted: boolean;
  cameraOff: boolean;
  handRaised: boolean;
}

export function ParticipantTile(props: { tile: TileModel; user: User | undefined; speaking: boolean; sinkId: string }) {
  const { tile, user, speaking, sinkId } = props;
  const t = strings.calls;
  const name = tile.self ? t.you : (user?.displayName ?? '');
  const label = tile.screen ? t.screenOf(name) : name;
  const showVideo = tile.screen || (!tile.cameraOff && tile.stream !== null);
  return (
    <figure
      className={`call-tile${speaking ? ' speaking' : ''}${tile.screen ? ' screen' : ''}`}
      data-device-id={tile.deviceId}
      data-screen={tile.screen || undefined}
      data-speaking={speaking || undefined}
      data-muted={tile.muted || undefined}
      data-camera-off={tile.cameraOff || undefined}
      data-hand-raised={tile.handRaised || undefined}
    >
      {/* The element stays (for the sound) when the camera is off; the avatar covers it. */}
      <MediaVideo
        stream={tile.stream}
        self={tile.self}
        sinkId={sinkId}
        label={label}
        className={showVideo ? '' : 'hidden-video'}
      />
      {!showVideo && (
        <div className="call-tile-avatar">
          <Avatar name={name} url={user?.avatarUrl ?? null} size="large" />
        </div>
      )}
      <figcaption>
        {tile.handRaised && !tile.screen && (
          <span className="call-hand" role="img" aria-label={t.handRaised}>
            ✋
          </span>
        )}
        <span className="call-name">{label}</span>
        {tile.muted && !tile.screen && (
          <span className="call-muted" role="img" aria-label={t.muted}>
            🔇
          </span>
        )}
        {speaking && <span className="visually-hidden">{t.speaking}</span>}
      </figcaption>
    </figure>
  );
}
