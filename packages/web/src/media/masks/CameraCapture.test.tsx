// CameraCapture without a working camera (jsdom has none): a clear error instead of a preview,
// no shutter, the mask picker still usable, Cancel reaches the caller. The live path (preview,
// masks, the photo) is tested in Chromium: e2e/masks.e2e.test.ts.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { strings } from '../../strings.js';
import { CameraCapture } from './CameraCapture.js';
import { MASK_IDS } from './mask-ids.js';

const t = strings.masks;

function setMediaDevices(value: unknown) {
  Object.defineProperty(navigator, 'mediaDevices', { value, configurable: true });
}

afterEach(() => {
  cleanup();
  setMediaDevices(undefined);
});

describe('CameraCapture', () => {
  it('says no camera could be opened when the page has no camera access at all', () => {
    setMediaDevices(undefined);
    const onCancel = vi.fn();
    render(<CameraCapture onCapture={vi.fn()} onCancel={onCancel} />);
    expect(screen.getByRole('alert').textContent).toBe(t.noCamera);
    expect((screen.getByRole('button', { name: t.takePhoto }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: t.cancel }));
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('says so when the camera is refused, and offers every mask', async () => {
    const getUserMedia = vi.fn(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    setMediaDevices({ getUserMedia, enumerateDevices: () => Promise.resolve([]) });
    render(<CameraCapture onCapture={vi.fn()} onCancel={vi.fn()} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(t.noCamera));
    expect(getUserMedia).toHaveBeenCalledWith({ video: expect.objectContaining({ facingMode: 'user' }), audio: false });
    const picker = screen.getByRole('group', { name: t.picker });
    const buttons = [...picker.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent)).toEqual([t.none, ...MASK_IDS.map((id) => t.names[id])]);
    expect(buttons[0]!.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: t.names['hat'] }));
    expect(screen.getByRole('button', { name: t.names['hat'] }).getAttribute('aria-pressed')).toBe('true');
    expect(buttons[0]!.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByRole('button', { name: t.switchCamera })).toBeNull();
  });
});
