import { describe, expect, it } from 'vitest';
import { EditBook, SECRET_EDIT_WINDOW_MS } from './edits.js';

const at = (ms: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + ms).toISOString();
const message = { id: 'm1', senderId: 'alice', createdAt: at(0) };

describe('EditBook', () => {
  it('applies the latest edit by seq of the sender, within the window, in any arrival order', () => {
    const book = new EditBook();
    expect(book.of(message)).toBeNull();
    book.add('m1', 'alice', 'second', 9, at(2_000));
    book.add('m1', 'alice', 'first', 7, at(1_000)); // older, arriving later (archive order)
    expect(book.of(message)).toEqual({ text: 'second', editedAt: at(2_000) });
    book.add('m1', 'alice', 'again', 9, at(3_000)); // the same seq twice: kept once
    expect(book.of(message)).toEqual({ text: 'second', editedAt: at(2_000) });
  });

  it('ignores edits by anyone else, after the window, or dated before the message; forgets deleted messages', () => {
    const book = new EditBook();
    book.add('m1', 'mallory', 'not yours', 5, at(1_000));
    book.add('m1', 'alice', 'too late', 6, at(SECRET_EDIT_WINDOW_MS + 1));
    book.add('m1', 'alice', 'before it', 7, at(-1));
    expect(book.of(message)).toBeNull();
    book.add('m1', 'alice', 'just in time', 4, at(SECRET_EDIT_WINDOW_MS));
    expect(book.of(message)).toEqual({ text: 'just in time', editedAt: at(SECRET_EDIT_WINDOW_MS) });
    book.forget('m1');
    expect(book.of(message)).toBeNull();
  });
});
