// The emoji picker in a dialog, its code and data fetched only when first opened.
import { lazy, Suspense } from 'react';
import { strings } from '../../strings.js';
import { Modal } from './Modal.js';

const EmojiPicker = lazy(() => import('./EmojiPicker.js'));

export function EmojiPickerDialog({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  return (
    <Modal title={strings.emoji.pickerLabel} onClose={onClose} className="emoji-dialog">
      <Suspense fallback={<p className="placeholder">{strings.emoji.loading}</p>}>
        <EmojiPicker
          onPick={(emoji) => {
            onPick(emoji);
            onClose();
          }}
        />
      </Suspense>
    </Modal>
  );
}
