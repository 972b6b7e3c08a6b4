// The SDK's media calls (`client.media`, helper A's MediaClient) as the web app uses them. Typed
// here from the agreed interface so the app's media UI builds against it; `mediaOf` reads it off
// the client and fails clearly when an SDK without media is used.
import type {
  AddPhotoTagRequest,
  FilterId,
  GalleryKind,
  GalleryResponse,
  Media,
  MediaVariant,
  Message,
} from '@anytime/protocol';
import type { AnytimeClient } from '@anytime/sdk';
import { useClient } from '../client/client-context.js';

export type UploadStage = 'uploading' | 'queued' | 'probing' | 'transcoding' | 'thumbnails';
export interface UploadProgress {
  stage: UploadStage;
  percent: number;
}

export interface UploadOptions {
  fileName?: string;
  voice?: boolean;
  filter?: FilterId;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

export type MediaUrls = Record<string, Partial<Record<MediaVariant, string>>>;

export interface MediaApi {
  upload(file: Blob | Uint8Array, opts?: UploadOptions): Promise<Media>;
  get(id: string): Promise<Media>;
  urls(ids: string[]): Promise<MediaUrls>;
  gallery(
    conversationId: string,
    q: { kind: GalleryKind; beforeSeq?: number; limit?: number },
  ): Promise<GalleryResponse>;
  addTag(messageId: string, req: AddPhotoTagRequest): Promise<Message>;
  removeTag(messageId: string, tagId: string): Promise<Message>;
}

export function mediaOf(client: AnytimeClient): MediaApi {
  const media = (client as AnytimeClient & { media?: MediaApi }).media;
  if (!media) throw new Error('this SDK build has no client.media');
  return media;
}

/** Reads `client.media` when called (in handlers and effects, so a missing one is an error there, not in render). */
export function useMediaApi(): () => MediaApi {
  const client = useClient();
  return () => mediaOf(client);
}
