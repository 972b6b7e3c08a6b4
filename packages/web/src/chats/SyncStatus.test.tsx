// The catch-up indicator: nothing when caught up, "Updating… N messages" and a labelled bar
// while catching up; and against the real server, a new device with a long history shows it
// during the first sync and hides it once synced.
import { cleanup, render, screen } from '@testing-library/react';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, IDLE_PROGRESS } from '@anytime/sdk';
import { strings } from '../strings.js';
import { group, person, startTestServer, until, wrapper, type Person } from '../chat/actions/test-world.js';
import type { ChildServer } from '../test-support/test-server.js';
import { SyncStatus, SyncStatusView } from './SyncStatus.js';

afterEach(cleanup);

describe('SyncStatusView', () => {
  it('shows nothing when caught up or when nothing has arrived yet', () => {
    const { container, rerender } = render(<SyncStatusView progress={IDLE_PROGRESS} />);
    expect(container.innerHTML).toBe('');
    rerender(<SyncStatusView progress={{ catchingUp: true, events: 0, messages: 0, hasMore: true }} />);
    expect(container.innerHTML).toBe('');
  });

  it('counts messages while catching up, with a labelled progress bar', () => {
    const { rerender } = render(
      <SyncStatusView progress={{ catchingUp: true, events: 50, messages: 0, hasMore: true }} />,
    );
    expect(screen.getByRole('status').textContent).toBe(strings.syncProgress.updating);
    expect(screen.getByRole('progressbar', { name: strings.syncProgress.bar })).toBeTruthy();
    rerender(<SyncStatusView progress={{ catchingUp: true, events: 1300, messages: 1250, hasMore: true }} />);
    expect(screen.getByRole('status').textContent).toBe(strings.syncProgress.updatingMessages(1250));
    expect(strings.syncProgress.updatingMessages(1)).toBe('Updating… 1 message');
    rerender(<SyncStatusView progress={{ catchingUp: false, events: 1300, messages: 1250, hasMore: false }} />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('SyncStatus against the server', { timeout: 60_000 }, () => {
  let server: ChildServer;
  let ann: Person;
  let bo: Person;
  let fresh: Person | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    ann = await person(server, 'sy', 'Ann');
    bo = await person(server, 'sz', 'Bo');
    // 80 chats: more than one progress report's worth of events for a new device of Bo's.
    for (let i = 0; i < 80; i++) await group(ann, [bo]);
  }, 60_000);
  afterAll(async () => {
    await fresh?.client.close();
    await ann?.client.close();
    await bo?.client.close();
    await server?.close();
  }, 30_000);

  it('appears while a new device catches up and goes once synced', async () => {
    const client = createClient({ baseUrl: server.url, WebSocket: NodeWebSocket as never });
    await client.login({ username: bo.username, password: 'correct horse battery' });
    fresh = { ...bo, client };
    render(<SyncStatus />, { wrapper: wrapper(fresh) });
    expect(screen.queryByRole('status')).toBeNull();
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      const text = document.querySelector('.sync-status')?.textContent;
      if (text) seen.push(text);
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    await client.connect();
    await client.whenSynced();
    await until(() => Object.keys(client.state.conversations).length === 80);
    await until(() => screen.queryByRole('status') === null);
    observer.disconnect();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((t) => t.startsWith(strings.syncProgress.updating))).toBe(true);
    expect(client.syncProgress.catchingUp).toBe(false);
  });
});
