// What the sender's device works out about a file before it is encrypted for a secret chat (the
// server never sees it, so it cannot make thumbnails or waveforms): photos get their size and a
// small JPEG thumbnail (longest side 160 px), videos their size, duration and a poster thumbnail;
// voice notes and audio their duration and 64 peak levels. Anything the browser cannot decode is sent without these (the file is still sent).
import { SECRET_THUMBNAIL_MAX } from '@anytime/protocol';
import { kindOf } from '../media/compose/attachment.js';
import type { SecretFile } from '../crypto/encryption-port.js';

const THUMB_SIDE = 160;
const PEAKS = 64;
/** Longest wait for the browser to decode a file for its preview. */
const FACTS_MS = 5_000;

/** A JPEG of the picture at most THUMB_SIDE px on its longest side, small enough for the message. */
async function thumbnailOf(source: CanvasImageSource, width: number, height: number): Promise<Partial<SecretFile>> {
  const scale = Math.min(1, THUMB_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  canvas.getContext('2d')?.drawImage(source, 0, 0, canvas.width, canvas.height);
  for (const quality of [0.7, 0.5, 0.3]) {
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
    if (!blob) break;
    const data = new Uint8Array(await blob.arrayBuffer());
    // base64url grows by 4/3: keep under the message's limit.
    if (Math.ceil((data.length * 4) / 3) <= SECRET_THUMBNAIL_MAX) return { thumbnail: { data, type: 'image/jpeg' } };
  }
  return {};
}

async function photoFacts(file: Blob): Promise<Partial<SecretFile>> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = bitmap;
  try {
    return { width, height, ...(await thumbnailOf(bitmap, width, height)) };
  } finally {
    bitmap.close();
  }
}

/** A video's size, duration and a poster frame (a tenth of a second in), from a muted <video>. */
async function videoFacts(file: Blob): Promise<Partial<SecretFile>> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  try {
    const seen = (event: string) =>
      new Promise<void>((resolve, reject) => {
        video.addEventListener(event, () => resolve(), { once: true });
        video.addEventListener('error', () => reject(new Error('undecodable video')), { once: true });
      });
    const metadata = seen('loadeddata');
    video.src = url;
    await metadata;
    const { videoWidth: width, videoHeight: height } = video;
    const facts = { width, height, durationMs: Math.round(video.duration * 1000) };
    const seeked = seen('seeked');
    video.currentTime = Math.min(0.1, video.duration / 2);
    await seeked;
    return { ...facts, ...(await thumbnailOf(video, width, height)) };
  } finally {
    video.removeAttribute('src');
    URL.revokeObjectURL(url);
  }
}

async function audioFacts(file: Blob): Promise<Partial<SecretFile>> {
  const ctx = new AudioContext();
  try {
    const audio = await ctx.decodeAudioData(await file.arrayBuffer());
    const samples = audio.getChannelData(0);
    const step = Math.max(1, Math.floor(samples.length / PEAKS));
    const peaks: number[] = [];
    for (let i = 0; i + step <= samples.length && peaks.length < PEAKS; i += step) {
      let peak = 0;
      for (let j = i; j < i + step; j++) peak = Math.max(peak, Math.abs(samples[j]!));
      peaks.push(Math.min(255, Math.round(peak * 255)));
    }
    return { durationMs: Math.round(audio.duration * 1000), waveform: peaks };
  } finally {
    void ctx.close();
  }
}

/** A picked or recorded file as a SecretFile; `voice` for a recorded voice note. */
export async function prepareSecretFile(
  file: Blob,
  opts: { name?: string; voice?: boolean } = {},
): Promise<SecretFile> {
  const kind = opts.voice ? 'voice' : file.type.startsWith('audio/') ? 'audio' : kindOf(file);
  const name = opts.name ?? (file instanceof File ? file.name : undefined);
  const base: SecretFile = {
    data: file,
    kind,
    contentType: file.type || 'application/octet-stream',
    ...(name ? { fileName: name } : {}),
  };
  const facts =
    kind === 'image'
      ? photoFacts
      : kind === 'video'
        ? videoFacts
        : kind === 'voice' || kind === 'audio'
          ? audioFacts
          : null;
  if (!facts) return base;
  // Not decodable here (or too slow to): sent without a preview.
  const none = new Promise<Partial<SecretFile>>((resolve) => setTimeout(() => resolve({}), FACTS_MS));
  return { ...base, ...(await Promise.race([facts(file).catch(() => ({})), none])) };
}
