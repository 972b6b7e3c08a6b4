// What the sender's device works out about a file before it is encrypted for a secret chat (the
// server never sees it, so it cannot make thumbnails or waveforms): photos get their size and a
// small JPEG thumbnail (longest side 160 px); voice notes and audio their duration and 64 peak
// levels. Anything the browser cannot decode is sent without these (the file is still sent).
import { SECRET_THUMBNAIL_MAX } from '@anytime/protocol';
import { kindOf } from '../media/compose/attachment.js';
import type { SecretFile } from '../crypto/encryption-port.js';

const THUMB_SIDE = 160;
const PEAKS = 64;

async function photoFacts(file: Blob): Promise<Partial<SecretFile>> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = bitmap;
  try {
    const scale = Math.min(1, THUMB_SIDE / Math.max(width, height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.7, 0.5, 0.3]) {
      const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
      if (!blob) break;
      const data = new Uint8Array(await blob.arrayBuffer());
      // base64url grows by 4/3: keep under the message's limit.
      if (Math.ceil((data.length * 4) / 3) <= SECRET_THUMBNAIL_MAX) {
        return { width, height, thumbnail: { data, type: 'image/jpeg' } };
      }
    }
    return { width, height };
  } finally {
    bitmap.close();
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
  try {
    if (kind === 'image') return { ...base, ...(await photoFacts(file)) };
    if (kind === 'voice' || kind === 'audio') return { ...base, ...(await audioFacts(file)) };
  } catch {
    // Not decodable here: sent without a preview.
  }
  return base;
}
