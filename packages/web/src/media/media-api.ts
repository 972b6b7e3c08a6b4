// The SDK's media calls (`client.media`) as the web app uses them: the part of the SDK's
// MediaClient the media UI needs, so components depend on this narrow interface.
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
  return client.media;
}

/** `client.media` of the app's client, read when called (in handlers and effects). */
export function useMediaApi(): () => MediaApi {
  const client = useClient();
  return () => mediaOf(client);
}
