// The outgoing call video as the effects menu sets it: the camera track, through a face mask
// (media/masks) and then a filter (media/filters). Each change builds the new chain, hands its
// track to session.replaceVideoTrack, then stops the old chain (so the other side never sees a
// gap).
import type { FilterId } from '@anytime/protocol';
import type { CallSession } from '@anytime/sdk';
import type { MaskId } from '../media/masks/mask-ids.js';
import { createFilteredVideoTrack } from './filtered-video-track.js';

export interface Effects {
  mask: MaskId | null;
  filter: FilterId | null;
}

export const NO_EFFECTS: Effects = { mask: null, filter: null };

export class OutgoingVideo {
  private stops: (() => void)[] = [];
  /** The track the session sends now. */
  current: MediaStreamTrack | null;

  constructor(
    private readonly session: CallSession,
    private camera: MediaStreamTrack | null,
  ) {
    this.current = camera;
  }

  /** A new camera (device switch): keeps the effects on it. */
  async setCamera(camera: MediaStreamTrack | null, effects: Effects): Promise<void> {
    this.camera = camera;
    await this.apply(effects);
  }

  async apply(effects: Effects): Promise<void> {
    const old = this.stops;
    this.stops = [];
    let track = this.camera;
    if (track && effects.mask) {
      // Loaded on first use: the face model and TensorFlow.js are big.
      const { createMaskedVideoTrack } = await import('../media/masks/masked-video-track.js');
      const masked = createMaskedVideoTrack(track, effects.mask);
      this.stops.push(() => masked.stop());
      track = masked.track;
    }
    if (track && effects.filter) {
      const filtered = createFilteredVideoTrack(track, effects.filter);
      this.stops.push(() => filtered.stop());
      track = filtered.track;
    }
    this.current = track;
    await this.session.replaceVideoTrack(track);
    for (const stop of old) stop();
  }

  stop(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
  }
}
