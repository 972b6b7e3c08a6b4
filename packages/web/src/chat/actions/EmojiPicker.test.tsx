// The emoji picker: every emoji of the data set by category, search by name or tag, and the
// recently used ones first next time.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emoji } from '@anytime/protocol';
import { strings } from '../../strings.js';
import EmojiPicker from './EmojiPicker.js';
import { EMOJI, searchEmoji } from './emoji-data.js';
import { recentEmoji } from './recent-emoji.js';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('EmojiPicker', () => {
  it('has the full emoji set, without skin-tone components', () => {
    expect(EMOJI.length).toBeGreaterThan(1500);
    expect(EMOJI.some((e) => e.emoji === '🏳️‍🌈')).toBe(true);
    expect(EMOJI.some((e) => e.label.startsWith('regional indicator'))).toBe(false);
    expect(searchEmoji('thumbs up').map((e) => e.emoji)).toContain('👍');
  });

  it('offers every emoji in the form the server accepts (one RGI emoji, as the protocol checks)', () => {
    const refused = EMOJI.filter((e) => !Emoji.safeParse(e.emoji).success);
    expect(refused).toEqual([]);
    expect(EMOJI.find((e) => e.label === 'thumbs up')?.emoji).toBe('👍');
  });

  it('searches by name, picks, and remembers the pick as recent', () => {
    const pick = vi.fn();
    render(<EmojiPicker onPick={pick} />);
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: strings.emoji.search }));
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'red heart' } });
    fireEvent.click(screen.getByRole('button', { name: 'red heart' }));
    expect(pick).toHaveBeenCalledWith('❤️');
    expect(recentEmoji()).toEqual(['❤️']);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'zzzznothing' } });
    expect(screen.getByText(strings.emoji.noResults)).toBeTruthy();
    cleanup();

    render(<EmojiPicker onPick={pick} />);
    const recent = screen.getByRole('group', { name: strings.emoji.recent });
    expect(
      within(recent)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['❤️']);
  });

  it('shows one category when its tab is pressed', () => {
    render(<EmojiPicker onPick={vi.fn()} />);
    const flags = strings.emoji.categories['flags'] ?? '';
    fireEvent.click(screen.getByRole('button', { name: flags }));
    const grid = screen.getByRole('group', { name: flags });
    expect(within(grid).getByRole('button', { name: 'flag: France' }).textContent).toBe('🇫🇷');
    expect(within(grid).queryByRole('button', { name: 'grinning face' })).toBeNull();
  });
});
