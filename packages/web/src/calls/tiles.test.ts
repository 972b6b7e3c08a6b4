import { describe, expect, it } from 'vitest';
import type { Call, CallParticipant } from '@anytime/protocol';
import type { RemoteParticipantMedia } from '@anytime/sdk';
import { buildTiles } from './tiles.js';

const participant = (deviceId: string, userId: string, patch: Partial<CallParticipant> = {}): CallParticipant => ({
  userId,
  deviceId,
  joinedAt: `2026-01-01T00:00:0${deviceId.length}Z`,
  muted: false,
  cameraOff: false,
  screenSharing: false,
  handRaised: false,
  ...patch,
});

const call = (participants: CallParticipant[]): Call => ({
  id: 'call1',
  conversationId: 'c1',
  topology: 'sfu',
  media: 'video',
  callerId: 'u1',
  callerDeviceId: 'd1',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  answeredAt: '2026-01-01T00:00:01Z',
  endedAt: null,
  endReason: null,
  participants,
  ringing: [],
});

// Streams are opaque here; any distinct objects stand in for them.
const stream = (name: string) => ({ id: name }) as unknown as MediaStream;

describe('buildTiles', () => {
  it('makes one tile per device, a screen tile per share, own state from the local controls', () => {
    const remotes: RemoteParticipantMedia[] = [
      { userId: 'u2', deviceId: 'd2', stream: stream('s2'), screen: stream('s2screen') },
      { userId: 'u3', deviceId: 'd3', stream: stream('s3'), screen: null },
    ];
    const local = {
      muted: true,
      cameraOff: false,
      sharing: false,
      handRaised: true,
      effects: { mask: null, filter: null },
    };
    const tiles = buildTiles(
      call([
        participant('d1', 'u1', { muted: false }),
        participant('d2', 'u2', { muted: true }),
        participant('d3', 'u3', { cameraOff: true, handRaised: true }),
        participant('d4', 'u4'),
      ]),
      remotes,
      { deviceId: 'd1', stream: stream('mine'), local },
    );
    expect(tiles.map((t) => t.key)).toEqual(['d1', 'd2', 'd2:screen', 'd3', 'd4']);
    const [me, two, screen, three, four] = tiles;
    expect(me).toMatchObject({ self: true, muted: true, handRaised: true, stream: { id: 'mine' } });
    expect(two).toMatchObject({ self: false, muted: true, stream: { id: 's2' } });
    expect(screen).toMatchObject({ screen: true, stream: { id: 's2screen' } });
    expect(three).toMatchObject({ cameraOff: true, handRaised: true });
    expect(four?.stream).toBeNull(); // joined, media not arrived yet
  });
});
