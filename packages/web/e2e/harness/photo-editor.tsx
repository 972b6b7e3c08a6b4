// A page with only the photo editor (or the video filter picker), for their browser test:
// `mount(photo)` / `mountVideo(video)` shows it, and the
// result (or the cancel) is kept on `window.photoEditorResult` for the test to read.
import { createRoot } from 'react-dom/client';
import type { FilterId } from '@anytime/protocol';
import { PhotoEditor, VideoFilterPicker } from '../../src/media/editor/index.js';

export { composeEdited } from '../../src/media/editor/index.js';
import '../../src/styles.css';

export interface HarnessResult {
  cancelled: boolean;
  filter?: FilterId;
  type?: string;
  /** The edited photo's bytes, base64. */
  bytes?: string;
}

declare global {
  interface Window {
    photoEditorResult?: HarnessResult;
  }
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function mount(photo: Blob): void {
  const host = document.createElement('main');
  document.body.append(host);
  createRoot(host).render(
    <PhotoEditor
      image={photo}
      onDone={(edited, filter) => {
        void toBase64(edited).then((bytes) => {
          window.photoEditorResult = { cancelled: false, filter, type: edited.type, bytes };
        });
      }}
      onCancel={() => {
        window.photoEditorResult = { cancelled: true };
      }}
    />,
  );
}

export function mountVideo(video: Blob): void {
  const host = document.createElement('main');
  document.body.append(host);
  createRoot(host).render(
    <VideoFilterPicker
      video={video}
      onDone={(file, filter) => {
        void toBase64(file).then((bytes) => {
          window.photoEditorResult = { cancelled: false, filter, type: file.type, bytes };
        });
      }}
      onCancel={() => {
        window.photoEditorResult = { cancelled: true };
      }}
    />,
  );
}
