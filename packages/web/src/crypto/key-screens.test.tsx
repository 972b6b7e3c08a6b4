// The restore and backup screens against an in-memory port: a wrong passphrase is refused with
// a clear error and the right one restores; the backup refuses weak and mismatched passphrases
// and uploads a good one; the key gate shows the restore screen only when the keys are elsewhere.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { strings } from '../strings.js';
import { FakeEncryptionPort } from '../test-support/fake-encryption-port.js';
import { BackupSetup } from './BackupSetup.js';
import { KeyGate } from './KeyGate.js';
import { RestoreScreen } from './RestoreScreen.js';

afterEach(cleanup);
const t = strings.keys;

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('RestoreScreen', () => {
  it('says a wrong passphrase is wrong, keeps the screen, and restores with the right one', async () => {
    const port = new FakeEncryptionPort();
    const onRestored = vi.fn();
    render(<RestoreScreen port={port} onRestored={onRestored} onSkip={vi.fn()} />);
    type(t.passphrase, 'not it');
    fireEvent.click(screen.getByRole('button', { name: t.restore }));
    expect((await screen.findByRole('alert')).textContent).toContain(t.wrongPassphrase);
    expect(onRestored).not.toHaveBeenCalled();
    type(t.passphrase, port.passphrase);
    fireEvent.click(screen.getByRole('button', { name: t.restore }));
    await waitFor(() => expect(onRestored).toHaveBeenCalledOnce());
    expect(port.state).toEqual({ status: 'ready', hasBackup: true });
  });
  it('can be skipped', () => {
    const onSkip = vi.fn();
    render(<RestoreScreen port={new FakeEncryptionPort()} onRestored={vi.fn()} onSkip={onSkip} />);
    fireEvent.click(screen.getByRole('button', { name: t.skipRestore }));
    expect(onSkip).toHaveBeenCalledOnce();
  });
});

describe('BackupSetup', () => {
  it('refuses a weak passphrase and two different ones, then backs up a strong one', async () => {
    const port = new FakeEncryptionPort();
    const onDone = vi.fn();
    render(<BackupSetup port={port} onClose={vi.fn()} onDone={onDone} />);
    type(t.newPassphrase, 'password');
    expect(screen.getByText(t.strength('very weak'))).toBeTruthy();
    type(t.repeatPassphrase, 'password');
    fireEvent.click(screen.getByRole('button', { name: t.createBackup }));
    expect((await screen.findByRole('alert')).textContent).toContain(t.tooWeak);

    type(t.newPassphrase, 'violet canyon pepper orbit');
    type(t.repeatPassphrase, 'violet canyon pepper orbiT');
    fireEvent.click(screen.getByRole('button', { name: t.createBackup }));
    expect((await screen.findByRole('alert')).textContent).toContain(t.mismatch);
    expect(port.backups).toEqual([]);

    type(t.repeatPassphrase, 'violet canyon pepper orbit');
    fireEvent.click(screen.getByRole('button', { name: t.createBackup }));
    expect(await screen.findByText(t.backupDone)).toBeTruthy();
    expect(port.backups).toEqual(['violet canyon pepper orbit']);
    expect(onDone).toHaveBeenCalledOnce();
  });
});

describe('KeyGate', () => {
  it('shows the restore screen when the keys live on another device, the app otherwise', async () => {
    const port = new FakeEncryptionPort();
    port.state = { status: 'needsRestore' };
    const { unmount } = render(
      <KeyGate port={port}>
        <p>chats</p>
      </KeyGate>,
    );
    expect(await screen.findByRole('heading', { name: t.restoreTitle })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(t.passphrase), { target: { value: port.passphrase } });
    fireEvent.click(screen.getByRole('button', { name: t.restore }));
    expect(await screen.findByText('chats')).toBeTruthy();
    unmount();

    render(
      <KeyGate port={new FakeEncryptionPort()}>
        <p>chats</p>
      </KeyGate>,
    );
    expect(screen.getByText('chats')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: t.restoreTitle })).toBeNull();
  });
});
