// The photo editor (effects) and the camera with masks (masks), loaded only when opened so they
// stay out of the initial JS. `mediaSteps` says which of them this build has (the composer
// shows the Edit and camera buttons accordingly).
import { lazy, Suspense } from 'react';
import type { FilterId } from '@anytime/protocol';
import { Modal } from '../../chat/actions/Modal.js';
import { strings } from '../../strings.js';
import type { Attachment } from './attachment.js';

export const mediaSteps = { editor: true, camera: true };

const PhotoEditor = lazy(() => import('../editor/PhotoEditor.js').then((m) => ({ default: m.PhotoEditor })));
const VideoFilterPicker = lazy(() =>
  import('../editor/VideoFilterPicker.js').then((m) => ({ default: m.VideoFilterPicker })),
);
const CameraCapture = lazy(() => import('../masks/CameraCapture.js').then((m) => ({ default: m.CameraCapture })));

export interface EditorStepProps {
  attachment: Attachment;
  onDone: (file: Blob, filter: FilterId) => void;
  onClose: () => void;
}

/**
 * Photos go through the photo editor (filters, stickers, text, drawing) over the chat; videos
 * through the filter picker (the server renders the filter chosen).
 */
export function EditorStep({ attachment, onDone, onClose }: EditorStepProps) {
  if (attachment.kind !== 'image' && attachment.kind !== 'video') return null;
  const done = (file: Blob, filter: FilterId) => {
    onDone(file, filter);
    onClose();
  };
  return (
    <div className="modal-backdrop editor-backdrop">
      <Suspense fallback={<p className="placeholder">{strings.media.editorLoading}</p>}>
        {attachment.kind === 'image' ? (
          <PhotoEditor image={attachment.file} onDone={done} onCancel={onClose} />
        ) : (
          <VideoFilterPicker video={attachment.file} onDone={done} onCancel={onClose} />
        )}
      </Suspense>
    </div>
  );
}

export function CameraStep({ onCapture, onClose }: { onCapture: (photo: Blob) => void; onClose: () => void }) {
  return (
    <Modal title={strings.masks.camera} onClose={onClose} className="camera-dialog">
      <Suspense fallback={<p className="placeholder">{strings.media.cameraLoading}</p>}>
        <CameraCapture onCapture={onCapture} onCancel={onClose} />
      </Suspense>
    </Modal>
  );
}
