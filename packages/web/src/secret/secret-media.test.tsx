// Secret-chat media in the web app against an in-memory port: the composer offers attachments
// and sends them with the caption through the port (encrypted there); the attachments of a
// decrypted message become media bubbles fed from the port's local URLs; an archived message
// keeps its attachments; a failed decryption is tried again on the next ask.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { SecretAttachment } from '@anytime/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EncryptionProvider } from '../crypto/encryption-context.js';
import { strings } from '../strings.js';
import { FakeEncryptionPort } from '../test-support/fake-encryption-port.js';
import { SecretComposer } from './SecretComposer.js';
import { archivedAttachments, SecretMediaCache, toMessageMedia } from './secret-media.js';

afterEach(cleanup);

const attachment: SecretAttachment = {
  blobId: 'blob1',
  kind: 'image',
  key: 'k'.repeat(43),
  digest: 'd'.repeat(43),
  contentType: 'image/jpeg',
  size: 1234,
  fileName: 'view.jpg',
  width: 640,
  height: 480,
  durationMs: null,
  waveform: null,
  thumbnail: 'AAEC-_',
  thumbnailType: 'image/jpeg',
};

describe('SecretComposer', () => {
  it('attaches files and sends them with the caption through the port', async () => {
    const port = new FakeEncryptionPort();
    render(
      <EncryptionProvider port={port}>
        <SecretComposer conversationId="c1" />
      </EncryptionProvider>,
    );
    // Nothing typed: the microphone, not Send.
    expect(screen.getByRole('button', { name: strings.media.record })).toBeTruthy();
    const input = document.querySelector<HTMLInputElement>('.secret-composer input[type=file]')!;
    const file = new File(['meet at the old mill'], 'plan.txt', { type: 'text/plain' });
    fireEvent.change(input, { target: { files: [file] } });
    const list = await screen.findByRole('list', { name: strings.secret.attachedFiles });
    expect(list.textContent).toContain('plan.txt');
    fireEvent.change(screen.getByRole('textbox', { name: strings.chat.composerLabel }), {
      target: { value: 'the plan' },
    });
    fireEvent.click(screen.getByRole('button', { name: strings.chat.send }));
    await waitFor(() => expect(port.secretSent).toHaveLength(1));
    const [sent] = port.secretSent;
    expect(sent!.text).toBe('the plan');
    expect(sent!.files).toMatchObject([{ kind: 'file', contentType: 'text/plain', fileName: 'plan.txt' }]);
    expect(sent!.files[0]!.data).toBe(file);
    await waitFor(() => expect(screen.queryByRole('list', { name: strings.secret.attachedFiles })).toBeNull());
  });
});

describe('secret media in the timeline', () => {
  it('shows an attachment with the sender’s thumbnail as placeholder and keeps archived ones', () => {
    const m = toMessageMedia(attachment);
    expect(m).toMatchObject({ id: 'blob1', kind: 'image', width: 640, height: 480, variants: ['original'] });
    expect(m.placeholder).toBe('data:image/jpeg;base64,AAEC+/');
    expect(archivedAttachments({ attachments: [attachment, { blobId: 'bad' }] })).toEqual([attachment]);
    expect(archivedAttachments(undefined)).toEqual([]);
  });

  it('decrypts each attachment once into an object URL, and tries a failed one again', async () => {
    const open = vi
      .fn<(c: string, a: SecretAttachment) => Promise<Uint8Array>>()
      .mockRejectedValueOnce(new Error('changed on the server'))
      .mockResolvedValue(new Uint8Array([1, 2, 3]));
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:local-1');
    const cache = new SecretMediaCache(open);
    cache.learn('c1', [attachment]);
    expect(await cache.urlsOf(['blob1', 'unknown'])).toEqual({});
    const urls = await cache.urlsOf(['blob1']);
    expect(urls['blob1']?.original).toBe('blob:local-1');
    await cache.urlsOf(['blob1']);
    expect(open).toHaveBeenCalledTimes(2);
    expect(open).toHaveBeenLastCalledWith('c1', attachment);
    expect(created).toHaveBeenCalledTimes(1);
    created.mockRestore();
  });
});
