// Tagging people in a photo before it is sent: tap (or press Enter on) a spot of the photo, then
// pick who it is among the conversation's members; the region is kept normalized (x, y, w, h of
// the photo). Tags already placed are listed with a remove button.
import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Modal } from '../../chat/actions/Modal.js';
import { strings } from '../../strings.js';
import { regionAt, type Attachment, type DraftTag } from './attachment.js';
import { useObjectUrl } from './use-object-url.js';

export interface TagPerson {
  userId: string;
  name: string;
}

export interface TagDialogProps {
  attachment: Attachment;
  people: readonly TagPerson[];
  onChange: (tags: DraftTag[]) => void;
  onClose: () => void;
}

type Region = Omit<DraftTag, 'userId'>;

export function TagDialog({ attachment, people, onChange, onClose }: TagDialogProps) {
  const t = strings.media;
  const url = useObjectUrl(attachment.file);
  const [spot, setSpot] = useState<Region | null>(null);
  const tags = attachment.tags;
  const nameOf = (id: string) => people.find((p) => p.userId === id)?.name ?? id;

  function place(e: MouseEvent<HTMLDivElement>) {
    const img = e.currentTarget.querySelector('img');
    if (!img) return;
    const r = img.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return;
    setSpot(regionAt((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height, r.width / r.height));
  }
  function placeByKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    const img = e.currentTarget.querySelector('img');
    const aspect = img && img.naturalHeight > 0 ? img.naturalWidth / img.naturalHeight : 1;
    setSpot(regionAt(0.5, 0.5, aspect));
  }
  function tag(userId: string) {
    if (!spot) return;
    onChange([...tags.filter((x) => x.userId !== userId), { userId, ...spot }]);
    setSpot(null);
  }

  return (
    <Modal title={t.tagHeading} onClose={onClose} className="tag-dialog">
      <p>{t.tagHint}</p>
      <div
        className="tag-stage"
        role="button"
        tabIndex={0}
        aria-label={t.tag(attachment.name)}
        onClick={place}
        onKeyDown={placeByKey}
      >
        {url && <img src={url} alt={attachment.name} />}
        {tags.map((x) => (
          <span key={x.userId} className="tag-box" style={box(x)}>
            <span className="tag-label">{nameOf(x.userId)}</span>
          </span>
        ))}
        {spot && <span className="tag-box pending" style={box(spot)} />}
      </div>
      {spot && (
        <div className="tag-picker" role="group" aria-label={t.tagPick}>
          {people.length === 0 && <p>{t.tagNobody}</p>}
          {people.map((p) => (
            <button key={p.userId} type="button" onClick={() => tag(p.userId)}>
              {p.name}
            </button>
          ))}
        </div>
      )}
      {tags.length > 0 && (
        <ul className="viewer-tags">
          {tags.map((x) => (
            <li key={x.userId}>
              {nameOf(x.userId)}{' '}
              <button
                type="button"
                className="link"
                aria-label={t.tagRemove(nameOf(x.userId))}
                onClick={() => onChange(tags.filter((y) => y.userId !== x.userId))}
              >
                {t.removeTag}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="modal-actions">
        <button type="button" className="primary" onClick={onClose}>
          {t.tagDone}
        </button>
      </div>
    </Modal>
  );
}

const box = (r: Region) => ({
  left: `${r.x * 100}%`,
  top: `${r.y * 100}%`,
  width: `${r.w * 100}%`,
  height: `${r.h * 100}%`,
});
