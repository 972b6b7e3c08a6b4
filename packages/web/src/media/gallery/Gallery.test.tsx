// The gallery of a chat against the real server: photos as thumbnails that open their message,
// tabs by click and by arrow keys, files by name, links by URL, and an empty tab says so.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '@anytime/protocol';
import { person, startTestServer, until, wrapper, type Person } from '../../chat/actions/test-world.js';
import type { ChildServer } from '../../test-support/test-server.js';
import { strings } from '../../strings.js';
import Gallery from './Gallery.js';

let server: ChildServer;
let ann: Person;
let bo: Person;
let chat: Conversation;
let photoMessageId: string;

beforeAll(async () => {
  server = await startTestServer();
  ann = await person(server, 'ann', 'Ann');
  bo = await person(server, 'bo', 'Bo');
  chat = (await ann.client.api('createConversation', { body: { kind: 'direct', memberIds: [bo.id] } })).conversation;
  const png = new Uint8Array(
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer(),
  );
  const photo = await ann.client.media.upload(png, { fileName: 'blue.png' });
  const pdf = await ann.client.media.upload(
    new Uint8Array(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')),
    {
      fileName: 'plan.pdf',
    },
  );
  const sent = await ann.client.api('sendMessage', {
    params: { id: chat.id },
    body: { clientId: 'g1', text: '', mediaIds: [photo.id] },
  });
  photoMessageId = sent.message.id;
  await ann.client.api('sendMessage', {
    params: { id: chat.id },
    body: { clientId: 'g2', text: 'the plan', mediaIds: [pdf.id] },
  });
  await ann.client.api('sendMessage', {
    params: { id: chat.id },
    body: { clientId: 'g3', text: 'see https://example.org/trip for details' },
  });
}, 60_000);
afterEach(cleanup);
afterAll(async () => {
  await ann?.client.close();
  await bo?.client.close();
  await server?.close();
}, 30_000);

describe('Gallery', { timeout: 30_000 }, () => {
  it('shows photos that open their message, then files, links and an empty tab', async () => {
    const opened: string[] = [];
    render(<Gallery conversationId={chat.id} onOpenMessage={(id) => opened.push(id)} />, { wrapper: wrapper(bo) });
    const thumb = await screen.findByRole(
      'button',
      { name: `${strings.media.photo} · ${strings.media.openInChat}` },
      { timeout: 10_000 },
    );
    fireEvent.click(thumb);
    expect(opened).toEqual([photoMessageId]);
    // The thumbnail gets a signed URL.
    await until(() => thumb.querySelector('img')?.getAttribute('src')?.includes('sig=') || undefined);

    const photos = screen.getByRole('tab', { name: strings.media.galleryTabs['photos'] });
    fireEvent.keyDown(photos, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: strings.media.galleryTabs['videos'] }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await screen.findByText(strings.media.galleryEmpty);

    fireEvent.click(screen.getByRole('tab', { name: strings.media.galleryTabs['files'] }));
    await screen.findByText('plan.pdf');
    fireEvent.click(screen.getByRole('tab', { name: strings.media.galleryTabs['links'] }));
    await screen.findByRole('link', { name: 'https://example.org/trip' });
  });
});
