// The photo editor (effects) and the camera with masks (masks), loaded only when opened so they
// stay out of the initial JS. Filled in when those branches are merged; until then the composer
// shows neither the Edit nor the camera button (mediaSteps says what is available).
import type { FilterId } from '@anytime/protocol';
import type { Attachment } from './attachment.js';

export const mediaSteps = { editor: false, camera: false };

export interface EditorStepProps {
  attachment: Attachment;
  onDone: (file: Blob, filter: FilterId) => void;
  onClose: () => void;
}

export function EditorStep(_props: EditorStepProps) {
  return null;
}

export function CameraStep(_props: { onCapture: (photo: Blob) => void; onClose: () => void }) {
  return null;
}
