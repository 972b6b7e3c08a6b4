// The composer's media part, kept out of Composer.tsx: the attach button and its file picker,
// drag-and-drop and pasted images, the tray of attachments with their edit and tag dialogs, and
// the voice recorder. `take()` hands the attachments to a send and empties the tray.
import {
  lazy,
  Suspense,
  useCallback,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type ReactNode,
} from 'react';
import { LIMITS, type Conversation } from '@anytime/protocol';
import { strings } from '../../strings.js';
import { useMentionCandidates } from '../../chat/composer/use-mention-candidates.js';
import { VoiceRecorder } from '../voice/VoiceRecorder.js';
import { toAttachment, type Attachment, type DraftTag } from './attachment.js';
import { AttachmentTray } from './AttachmentTray.js';
import { CameraStep, EditorStep, mediaSteps } from './steps.js';
import type { TagPerson } from './TagDialog.js';

/** The file name a photo taken with the camera gets. */
export const CAMERA_PHOTO_NAME = 'photo.jpg';

const TagDialog = lazy(() => import('./TagDialog.js').then((m) => ({ default: m.TagDialog })));
import '../media.css';

export interface ComposerMedia {
  attachments: readonly Attachment[];
  /** The attach, camera and microphone buttons. */
  buttons: ReactNode;
  /** The tray, shown above the text box. */
  tray: ReactNode;
  /** Dialogs (editor, camera, tagging) and the drop zone. */
  overlays: ReactNode;
  /** True while a voice note is being recorded (the text box is hidden). */
  recording: boolean;
  dropProps: {
    onDragOver: (e: DragEvent) => void;
    onDragLeave: (e: DragEvent) => void;
    onDrop: (e: DragEvent) => void;
  };
  onPaste: (e: ClipboardEvent) => void;
  take: () => Attachment[];
  error: string | null;
  clearError: () => void;
}

export function useComposerMedia(
  c: Conversation,
  meId: string,
  onVoice: (a: Attachment) => void,
  disabled: boolean,
): ComposerMedia {
  const t = strings.media;
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [tagging, setTagging] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [recording, setRecording] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const candidates = useMentionCandidates(c, meId, tagging !== null);
  const people: TagPerson[] = useMemo(
    () => [
      ...candidates.flatMap((x) => (x.userId ? [{ userId: x.userId, name: x.name }] : [])),
      { userId: meId, name: strings.chat.you },
    ],
    [candidates, meId],
  );
  const tagName = (id: string) => people.find((p) => p.userId === id)?.name ?? '…';

  const add = useCallback(
    (files: readonly Blob[], edit = false) => {
      if (files.length === 0) return;
      setError(null);
      const next = files.map((f) => toAttachment(f));
      setAttachments((old) => {
        const all = [...old, ...next];
        if (all.length > LIMITS.mediaPerMessageMax) setError(t.tooMany(LIMITS.mediaPerMessageMax));
        return all.slice(0, LIMITS.mediaPerMessageMax);
      });
      // A photo taken with the camera goes straight to the editor.
      const first = next[0];
      if (edit && first && mediaSteps.editor && first.kind === 'image') setEditing(first.key);
    },
    [t],
  );
  const update = (key: string, f: (a: Attachment) => Attachment) =>
    setAttachments((all) => all.map((a) => (a.key === key ? f(a) : a)));

  const tagged = attachments.find((a) => a.key === tagging);
  const edited = attachments.find((a) => a.key === editing);

  const buttons = (
    <>
      {!recording && (
        <button
          type="button"
          className="icon attach-button"
          aria-label={t.attach}
          disabled={disabled}
          onClick={() => picker.current?.click()}
        >
          <span aria-hidden="true">📎</span>
        </button>
      )}
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        aria-label={t.attach}
        data-testid="attach-input"
        onChange={(e) => {
          add([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {mediaSteps.camera && !recording && (
        <button
          type="button"
          className="icon camera-button"
          aria-label={t.camera}
          disabled={disabled}
          onClick={() => setCamera(true)}
        >
          <span aria-hidden="true">📷</span>
        </button>
      )}
      <VoiceRecorder
        disabled={disabled}
        onActive={setRecording}
        onError={setError}
        onRecorded={(blob) => onVoice(toAttachment(blob, 'voice-note.webm', 'voice'))}
      />
    </>
  );

  const tray = (
    <AttachmentTray
      attachments={attachments}
      onRemove={(key) => setAttachments((all) => all.filter((a) => a.key !== key))}
      onEdit={mediaSteps.editor ? setEditing : undefined}
      onTag={setTagging}
      tagName={tagName}
    />
  );

  const overlays = (
    <>
      {dragging && (
        <div className="drop-zone" aria-hidden="true">
          {t.dropHere}
        </div>
      )}
      {tagged && (
        <Suspense fallback={null}>
          <TagDialog
            attachment={tagged}
            people={people}
            onChange={(tags: DraftTag[]) => update(tagged.key, (a) => ({ ...a, tags }))}
            onClose={() => setTagging(null)}
          />
        </Suspense>
      )}
      {edited && (
        <EditorStep
          attachment={edited}
          onDone={(file, filter) =>
            update(edited.key, (a) =>
              // A video keeps its file (the server renders the filter); a photo comes back edited,
              // and tags placed on the old picture no longer match it.
              a.kind === 'video' ? { ...a, filter } : { ...a, file, filter: null, tags: [] },
            )
          }
          onClose={() => setEditing(null)}
        />
      )}
      {camera && (
        <CameraStep
          onCapture={(photo) => {
            setCamera(false);
            add([new File([photo], CAMERA_PHOTO_NAME, { type: photo.type || 'image/jpeg' })], true);
          }}
          onClose={() => setCamera(false)}
        />
      )}
    </>
  );

  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');
  return {
    attachments,
    buttons,
    tray,
    overlays,
    recording,
    dropProps: {
      onDragOver: (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      },
      onDragLeave: (e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      },
      onDrop: (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        add([...e.dataTransfer.files]);
      },
    },
    onPaste: (e) => {
      const files = [...e.clipboardData.files].filter((f) => f.type.startsWith('image/'));
      if (files.length === 0) return;
      e.preventDefault();
      add(files);
    },
    take: () => {
      const all = attachments;
      setAttachments([]);
      return all;
    },
    error,
    clearError: () => setError(null),
  };
}
