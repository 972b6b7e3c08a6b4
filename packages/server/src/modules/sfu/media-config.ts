// The one codec and RTP-extension set the SFU offers every participant. Everyone negotiates the same
// payload types with the SFU, so forwarded packets keep their payload type and only the SSRC changes.
import { RTCRtpCodecParameters, type PeerConfig, useFIR, useNACK, usePLI, useREMB, useSdesMid } from 'werift';

export function sfuPeerConfig(iceServers: PeerConfig['iceServers'], portRange?: [number, number]): Partial<PeerConfig> {
  return {
    codecs: {
      audio: [
        new RTCRtpCodecParameters({
          mimeType: 'audio/opus',
          clockRate: 48_000,
          channels: 2,
          payloadType: 111,
          parameters: 'minptime=10;useinbandfec=1',
        }),
      ],
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: 90_000,
          payloadType: 96,
          rtcpFeedback: [useNACK(), usePLI(), useFIR(), useREMB()],
        }),
      ],
    },
    headerExtensions: { audio: [useSdesMid()], video: [useSdesMid()] },
    iceServers,
    iceUseIpv6: false,
    icePortRange: portRange,
    iceAdditionalHostAddresses: ['127.0.0.1'],
  };
}

/** The three streams every participant may publish, in m-line order of its connection. */
export const UPSTREAM_SLOTS = ['audio', 'video', 'screen'] as const;
export type Slot = (typeof UPSTREAM_SLOTS)[number];

export const slotKind = (slot: Slot): 'audio' | 'video' => (slot === 'audio' ? 'audio' : 'video');

/** The MediaStream id a participant's forwarded slot carries (the SDK maps streams to devices by it). */
export const forwardedStreamId = (deviceId: string, slot: Slot): string =>
  slot === 'screen' ? `${deviceId}:screen` : deviceId;
