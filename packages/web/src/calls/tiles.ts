// The tiles of a call screen from the call's participants (their muted / camera / hand state),
// the remote media the session has (by device id; screen shares as their own tiles) and this
// device's own stream.
import type { Call } from '@anytime/protocol';
import type { RemoteParticipantMedia } from '@anytime/sdk';
import type { LocalMediaState } from './call-controller.js';
import type { TileModel } from './ParticipantTile.js';

export function buildTiles(
  call: Call,
  remotes: readonly RemoteParticipantMedia[],
  self: { deviceId: string; stream: MediaStream | null; local: LocalMediaState },
): TileModel[] {
  const media = new Map(remotes.map((r) => [r.deviceId, r]));
  const tiles: TileModel[] = [];
  for (const p of call.participants) {
    const isSelf = p.deviceId === self.deviceId;
    const remote = media.get(p.deviceId);
    tiles.push({
      key: p.deviceId,
      deviceId: p.deviceId,
      userId: p.userId,
      joinedAt: p.joinedAt,
      screen: false,
      self: isSelf,
      stream: isSelf ? self.stream : (remote?.stream ?? null),
      muted: isSelf ? self.local.muted : p.muted,
      cameraOff: isSelf ? self.local.cameraOff : p.cameraOff,
      handRaised: isSelf ? self.local.handRaised : p.handRaised,
    });
    if (!isSelf && remote?.screen) {
      tiles.push({
        key: `${p.deviceId}:screen`,
        deviceId: p.deviceId,
        userId: p.userId,
        joinedAt: p.joinedAt,
        screen: true,
        self: false,
        stream: remote.screen,
        muted: false,
        cameraOff: false,
        handRaised: false,
      });
    }
  }
  return tiles;
}
