// How a message's media is laid out before any URL is known (the SDK here points at a closed
// port, so URLs never come): photos at their final size with the ThumbHash placeholder, albums
// as a grid, tags named like mentions, files with name and size, voice notes with a player.
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { rgbaToThumbHash } from 'thumbhash';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message, MessageMedia } from '@anytime/protocol';
import { testMessage } from '@anytime/protocol/testing';
import { createClient } from '@anytime/sdk';
import { ClientProvider } from '../client/client-context.js';
import { strings } from '../strings.js';
import { MessageAttachments } from './MessageAttachments.js';

afterEach(cleanup);

const client = createClient({ baseUrl: 'http://127.0.0.1:9' });
const wrapper = ({ children }: { children: ReactNode }) => <ClientProvider client={client}>{children}</ClientProvider>;

const hash = btoa(String.fromCharCode(...rgbaToThumbHash(4, 4, new Uint8Array(64).fill(200))));
const base: MessageMedia = {
  id: 'p1',
  kind: 'image',
  contentType: 'image/jpeg',
  size: 2_400_000,
  fileName: null,
  width: 4000,
  height: 3000,
  durationMs: null,
  placeholder: hash,
  waveform: null,
  filter: null,
  variants: ['original', 'thumb320', 'thumb1280'],
  tags: [],
};
const msg = (media: MessageMedia[]): Message =>
  testMessage({ conversationId: 'c1', seq: 1, senderId: 'ann', text: '', media, mediaIds: media.map((m) => m.id) });
const names = (id: string) => ({ ann: 'Ann', bo: 'Bo' })[id] ?? id;

describe('MessageAttachments', () => {
  it('lays a photo out at its size with the placeholder, and names who is tagged', () => {
    const tag = {
      id: 't1',
      userId: 'bo',
      taggedBy: 'ann',
      createdAt: '2026-01-01T00:00:00.000Z',
      x: 0,
      y: 0,
      w: 0.5,
      h: 0.5,
    };
    const { container } = render(
      <MessageAttachments message={msg([{ ...base, tags: [tag] }])} meId="bo" userName={names} />,
      { wrapper },
    );
    const box = container.querySelector<HTMLElement>('.photo-image')!;
    expect([box.style.width, box.style.height]).toEqual(['320px', '240px']);
    expect(box.style.backgroundImage).toMatch(/^url\("?data:image\/png;base64,/u);
    screen.getByRole('button', { name: strings.media.openPhoto(1, 1) });
    const me = container.querySelector('.tagged-line .mention-me');
    expect(me?.textContent).toBe(strings.chat.you);
  });

  it('shows several photos as an album grid', () => {
    const photos = [1, 2, 3].map((i) => ({ ...base, id: `p${i}` }));
    render(<MessageAttachments message={msg(photos)} meId="bo" userName={names} />, { wrapper });
    const album = screen.getByRole('group', { name: strings.media.album(3) });
    expect(album.querySelectorAll('button').length).toBe(3);
    expect((album.querySelector('button') as HTMLElement).style.gridRow).toBe('1 / span 2');
  });

  it('shows a file with its name and size (no download before its URL), a voice note with its player', () => {
    const file = {
      ...base,
      id: 'f1',
      kind: 'file' as const,
      contentType: 'application/pdf',
      fileName: 'plan.pdf',
      size: 123_456,
      placeholder: null,
    };
    const voice = {
      ...base,
      id: 'v1',
      kind: 'voice' as const,
      contentType: 'audio/ogg',
      durationMs: 4_000,
      waveform: [10, 200, 30],
      placeholder: null,
      width: null,
      height: null,
    };
    render(<MessageAttachments message={msg([file, voice])} meId="bo" userName={names} />, { wrapper });
    const card = screen.getByText('plan.pdf').closest('.file-card')!;
    expect(card.textContent).toContain('120.6 KB');
    // Without a signed URL yet, there is nothing to download.
    expect(screen.queryByRole('link', { name: strings.media.download('plan.pdf') })).toBeNull();
    screen.getByRole('slider', { name: strings.media.waveform });
    screen.getByRole('button', { name: strings.media.speed(1) });
  });
});
