// The small pure parts of the media UI: tag regions, waveform bars, playback speeds, voice
// recording types, signed URL expiry and the ThumbHash placeholder.
import { rgbaToThumbHash } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import type { MessageMedia } from '@anytime/protocol';
import { kindOf, regionAt } from './compose/attachment.js';
import { mediaLabel } from './media-label.js';
import { placeholderUrl } from './thumbhash.js';
import { urlExpiry } from './use-media-urls.js';
import { voiceMimeType } from './voice/recorder.js';
import { nextSpeed, waveformBars } from './VoicePlayer.js';

describe('regionAt', () => {
  it('centres a square region on the tap, in normalized units of a landscape photo', () => {
    expect(regionAt(0.5, 0.5, 2)).toEqual({ x: 0.4375, y: 0.375, w: 0.125, h: 0.25 });
  });
  it('keeps the region inside the photo near its edges', () => {
    const r = regionAt(0.99, 0.01, 1);
    expect(r).toEqual({ x: 0.75, y: 0, w: 0.25, h: 0.25 });
  });
});

describe('kindOf', () => {
  it('sorts by the browser type', () => {
    expect(kindOf(new Blob([], { type: 'image/jpeg' }))).toBe('image');
    expect(kindOf(new Blob([], { type: 'video/webm' }))).toBe('video');
    expect(kindOf(new Blob([], { type: 'application/pdf' }))).toBe('file');
    expect(kindOf(new Blob([], { type: 'image/svg+xml' }))).toBe('file');
  });
});

describe('waveformBars', () => {
  it('resamples the peaks to the loudest of each span, 0..1', () => {
    expect(waveformBars([0, 255, 51, 102], 2)).toEqual([1, 0.4]);
  });
  it('draws a flat line without peaks', () => {
    expect(waveformBars(null, 3)).toEqual([0.15, 0.15, 0.15]);
  });
});

describe('nextSpeed', () => {
  it('cycles 1 → 1.5 → 2 → 1', () => {
    expect([nextSpeed(1), nextSpeed(1.5), nextSpeed(2)]).toEqual([1.5, 2, 1]);
  });
});

describe('voiceMimeType', () => {
  it('prefers Opus in WebM, then in Ogg', () => {
    expect(voiceMimeType(() => true)).toBe('audio/webm;codecs=opus');
    expect(voiceMimeType((t) => t.startsWith('audio/ogg'))).toBe('audio/ogg;codecs=opus');
    expect(voiceMimeType(() => false)).toBeNull();
  });
});

describe('urlExpiry', () => {
  it('reads exp in seconds or milliseconds', () => {
    expect(urlExpiry('/v1/media/a/thumb320?exp=1700000000&sig=x')).toBe(1_700_000_000_000);
    expect(urlExpiry('/x?sig=y&exp=1700000000123')).toBe(1_700_000_000_123);
    expect(urlExpiry('/x?sig=y')).toBeNull();
  });
});

describe('placeholderUrl', () => {
  it('decodes a base64 ThumbHash to a PNG data URL, and a bad one to null', () => {
    const rgba = new Uint8Array(8 * 8 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256));
    const hash = btoa(String.fromCharCode(...rgbaToThumbHash(8, 8, rgba)));
    expect(placeholderUrl(hash)).toMatch(/^data:image\/png;base64,/u);
    expect(placeholderUrl(null)).toBeNull();
    expect(placeholderUrl('!!')).toBeNull();
  });
});

describe('mediaLabel', () => {
  const item = (kind: MessageMedia['kind'], extra: Partial<MessageMedia> = {}): MessageMedia => ({
    id: 'm',
    kind,
    contentType: 'x/y',
    size: 1,
    fileName: null,
    width: null,
    height: null,
    durationMs: null,
    placeholder: null,
    waveform: null,
    filter: null,
    variants: [],
    tags: [],
    ...extra,
  });
  it('names photos, albums, videos, voice notes with their length, and files by name', () => {
    expect(mediaLabel([])).toBeNull();
    expect(mediaLabel([item('image')])).toBe('📷 Photo');
    expect(mediaLabel([item('image'), item('image'), item('image')])).toBe('📷 3 photos');
    expect(mediaLabel([item('video')])).toBe('🎥 Video');
    expect(mediaLabel([item('voice', { durationMs: 7_400 })])).toBe('🎤 Voice message (0:07)');
    expect(mediaLabel([item('file', { fileName: 'report.pdf' })])).toBe('📄 report.pdf');
  });
});
