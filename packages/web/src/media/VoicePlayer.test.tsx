// The voice note player: speed cycles 1× → 1.5× → 2× and is applied to the audio element, the
// waveform shows the played part, and the slider reports the position.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageMedia } from '@anytime/protocol';
import { strings } from '../strings.js';
import { VoicePlayer } from './VoicePlayer.js';

const voice: MessageMedia = {
  id: 'v1',
  kind: 'voice',
  contentType: 'audio/ogg',
  size: 4000,
  fileName: null,
  width: null,
  height: null,
  durationMs: 10_000,
  placeholder: null,
  waveform: Array.from({ length: 96 }, (_, i) => (i * 37) % 256),
  filter: null,
  variants: ['original', 'playback'],
  tags: [],
};

afterEach(cleanup);

describe('VoicePlayer', () => {
  it('cycles the speed and sets it on the audio element', () => {
    const { container } = render(<VoicePlayer media={voice} src="/voice.ogg" />);
    const audio = container.querySelector('audio')!;
    fireEvent.click(screen.getByRole('button', { name: strings.media.speed(1) }));
    expect(audio.playbackRate).toBe(1.5);
    fireEvent.click(screen.getByRole('button', { name: strings.media.speed(1.5) }));
    expect(audio.playbackRate).toBe(2);
    screen.getByRole('button', { name: strings.media.speed(2) });
  });

  it('colours the played part of the waveform as the audio plays', () => {
    const { container } = render(<VoicePlayer media={voice} src="/voice.ogg" />);
    const audio = container.querySelector('audio')!;
    expect(container.querySelectorAll('.bar').length).toBe(48);
    expect(container.querySelectorAll('.bar.played').length).toBe(0);
    Object.defineProperty(audio, 'currentTime', { value: 5, configurable: true });
    fireEvent.timeUpdate(audio);
    expect(container.querySelectorAll('.bar.played').length).toBe(24);
    const slider = screen.getByRole('slider', { name: strings.media.waveform });
    expect(slider.getAttribute('aria-valuenow')).toBe('5');
    expect(slider.getAttribute('aria-valuetext')).toBe('0:05 / 0:10');
  });

  it('cannot play before its URL is known', () => {
    render(<VoicePlayer media={voice} src={undefined} />);
    expect((screen.getByRole('button', { name: strings.media.play }) as HTMLButtonElement).disabled).toBe(true);
  });
});
