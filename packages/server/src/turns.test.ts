// Turns: per key, tasks run one at a time in the order given (a slow first task is not
// overtaken), keys do not wait for each other, and a failed task does not hold up the next.
import { describe, expect, it } from 'vitest';
import { Turns } from './turns.js';

const after = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('Turns', () => {
  it('runs a key’s tasks in order, other keys alongside, past a failure', async () => {
    const turns = new Turns<string>();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await after(ms, null);
      log.push(`end ${name}`);
      return name;
    };
    const a1 = turns.run('a', task('a1', 30));
    const failed = turns.run('a', () => Promise.reject(new Error('no')));
    const a2 = turns.run('a', task('a2', 1));
    const b1 = turns.run('b', task('b1', 1));
    await expect(failed).rejects.toThrow('no');
    expect(await Promise.all([a1, a2, b1])).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(log.filter((l) => / a\d$/.test(l))).toEqual(['start a1', 'end a1', 'start a2', 'end a2']);
  });
});
