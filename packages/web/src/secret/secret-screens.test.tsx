// Verification and key changes against an in-memory port: the safety number in 12 groups of 5
// with its QR code, "Mark as verified" turning into the verified badge, and the key-change
// banner staying until acknowledged.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EncryptionProvider } from '../crypto/encryption-context.js';
import { strings } from '../strings.js';
import { FakeEncryptionPort } from '../test-support/fake-encryption-port.js';
import { KeyChangeBanner } from './KeyChangeBanner.js';
import { VerifyScreen } from './VerifyScreen.js';

afterEach(cleanup);
const t = strings.secret;
const DIGITS = '123451234512345123451234512345123451234512345123459876598765';

describe('VerifyScreen', () => {
  it('shows the safety number in 12 groups and a QR code, and marks the person verified', async () => {
    const port = new FakeEncryptionPort({ alice: DIGITS });
    port.changed = ['alice'];
    render(
      <EncryptionProvider port={port}>
        <VerifyScreen userId="alice" name="Alice" onClose={vi.fn()} />
      </EncryptionProvider>,
    );
    const number = await screen.findByLabelText(t.safetyNumber);
    const groups = [...number.querySelectorAll('span')].map((s) => s.textContent);
    expect(groups).toHaveLength(12);
    expect(groups[0]).toBe('12345');
    expect(groups[11]).toBe('98765');
    const qr = await screen.findByRole('img', { name: t.qrLabel('Alice') });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(screen.queryByRole('img', { name: t.verifiedLabel('Alice') })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: t.markVerified }));
    expect(await screen.findByRole('img', { name: t.verifiedLabel('Alice') })).toBeTruthy();
    expect(port.isVerified('alice')).toBe(true);
    expect(port.keyChanges()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: t.clearVerified }));
    await waitFor(() => expect(screen.queryByRole('img', { name: t.verifiedLabel('Alice') })).toBeNull());
    expect(port.isVerified('alice')).toBe(false);
  });
});

describe('KeyChangeBanner', () => {
  it('warns about a changed safety number until acknowledged, and offers to verify', async () => {
    const port = new FakeEncryptionPort();
    port.changed = ['alice', 'zed'];
    const onVerify = vi.fn();
    render(
      <EncryptionProvider port={port}>
        <KeyChangeBanner userIds={['alice']} name={() => 'Alice'} onVerify={onVerify} />
      </EncryptionProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain("Alice's safety number changed.");
    fireEvent.click(screen.getByRole('button', { name: t.keyChangedVerify }));
    expect(onVerify).toHaveBeenCalledWith('alice');
    fireEvent.click(screen.getByRole('button', { name: t.keyChangedDismiss }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(port.keyChanges()).toEqual(['zed']);
  });
});
