// Tagging before sending: a spot chosen on the photo, then a person, gives a normalized tag;
// a tag can be removed; the tray lists attachments with tag and remove buttons.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { strings } from '../../strings.js';
import { toAttachment, type Attachment } from './attachment.js';
import { AttachmentTray } from './AttachmentTray.js';
import { TagDialog } from './TagDialog.js';

afterEach(cleanup);

const people = [
  { userId: 'bo', name: 'Bo' },
  { userId: 'cy', name: 'Cy' },
];

function Harness({ initial, seen }: { initial: Attachment; seen: (a: Attachment) => void }) {
  const [a, setA] = useState(initial);
  return (
    <TagDialog
      attachment={a}
      people={people}
      onChange={(tags) => {
        const next = { ...a, tags };
        seen(next);
        setA(next);
      }}
      onClose={() => undefined}
    />
  );
}

describe('TagDialog', () => {
  it('tags the person picked for the chosen spot, and removes the tag again', () => {
    const photo = toAttachment(new Blob(['x'], { type: 'image/png' }), 'beach.png');
    let last: Attachment = photo;
    render(<Harness initial={photo} seen={(a) => (last = a)} />);
    expect(screen.queryByRole('group', { name: strings.media.tagPick })).toBeNull();
    fireEvent.keyDown(screen.getByRole('button', { name: strings.media.tag('beach.png') }), { key: 'Enter' });
    const picker = screen.getByRole('group', { name: strings.media.tagPick });
    fireEvent.click(picker.querySelector('button')!);
    expect(last.tags).toEqual([{ userId: 'bo', x: 0.375, y: 0.375, w: 0.25, h: 0.25 }]);
    expect(screen.getByText('Bo', { selector: '.tag-label' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: strings.media.tagRemove('Bo') }));
    expect(last.tags).toEqual([]);
  });
});

describe('AttachmentTray', () => {
  it('offers tagging for photos only, and removal for all', () => {
    const photo = toAttachment(new Blob(['x'], { type: 'image/jpeg' }), 'a.jpg');
    const doc = toAttachment(new Blob(['x'], { type: 'application/pdf' }), 'b.pdf');
    const removed: string[] = [];
    const tagged: string[] = [];
    render(
      <AttachmentTray
        attachments={[{ ...photo, tags: [{ userId: 'bo', x: 0, y: 0, w: 0.5, h: 0.5 }] }, doc]}
        onRemove={(k) => removed.push(k)}
        onTag={(k) => tagged.push(k)}
        tagName={(id) => (id === 'bo' ? 'Bo' : id)}
      />,
    );
    expect(screen.getByRole('list', { name: strings.media.attachments }).children.length).toBe(2);
    expect(screen.queryByRole('button', { name: strings.media.tag('b.pdf') })).toBeNull();
    expect(screen.getByText(strings.media.tagged('Bo'))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: strings.media.tag('a.jpg') }));
    fireEvent.click(screen.getByRole('button', { name: strings.media.removeAttachment('b.pdf') }));
    expect(tagged).toEqual([photo.key]);
    expect(removed).toEqual([doc.key]);
    // No editor offered without an onEdit.
    expect(screen.queryByRole('button', { name: strings.media.edit('a.jpg') })).toBeNull();
  });
});
