import { describe, expect, it, vi } from 'vitest';
import { Emitter } from './emitter.js';

interface Events {
  count: number;
  word: { text: string };
}

describe('Emitter', () => {
  it('delivers payloads to the listeners of one event only', () => {
    const e = new Emitter<Events>();
    const counts: number[] = [];
    const words: string[] = [];
    e.on('count', (n) => counts.push(n));
    e.on('word', (w) => words.push(w.text));
    e.emit('count', 1);
    e.emit('word', { text: 'hi' });
    e.emit('count', 2);
    expect(counts).toEqual([1, 2]);
    expect(words).toEqual(['hi']);
  });

  it('unsubscribes, fires once listeners once, and keeps going when a listener throws', () => {
    const e = new Emitter<Events>();
    const seen: number[] = [];
    const off = e.on('count', (n) => seen.push(n));
    e.once('count', (n) => seen.push(n * 10));
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    e.on('count', () => {
      throw new Error('boom');
    });
    e.emit('count', 1);
    off();
    e.emit('count', 2);
    expect(seen).toEqual([1, 10]);
    expect(err).toHaveBeenCalledTimes(2);
    err.mockRestore();
  });

  it('next() resolves with the first payload that passes the filter', async () => {
    const e = new Emitter<Events>();
    const p = e.next('count', (n) => n > 2);
    e.emit('count', 1);
    e.emit('count', 3);
    e.emit('count', 4);
    await expect(p).resolves.toBe(3);
    expect(e.listenerCount('count')).toBe(0);
  });
});
