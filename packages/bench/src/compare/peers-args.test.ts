// Tests the flags of the side-by-side run and its default pinning.
import { describe, expect, it } from 'vitest';
import { defaultCpus, parsePeersArgs } from './peers-args.js';

describe('parsePeersArgs', () => {
  it('pins servers to the last CPU and the load generator to the others', () => {
    expect(defaultCpus(2)).toEqual({ server: '1', load: '0' });
    expect(defaultCpus(8)).toEqual({ server: '7', load: '0-6' });
    expect(defaultCpus(1)).toEqual({ server: '0', load: '0' });
  });

  it('runs PostgreSQL only with a database URL', () => {
    expect(parsePeersArgs(['--peers'], 2).targets).toEqual([
      'anytime-sqlite',
      'ejabberd',
      'ejabberd-sqlite',
      'prosody',
    ]);
    const pg = parsePeersArgs(['--peers', '--database-url', 'postgres://p@127.0.0.1/x'], 2);
    expect(pg.targets).toContain('anytime-postgres');
    expect(() => parsePeersArgs(['--only', 'anytime-postgres'], 2)).toThrow(/database-url/);
  });

  it('writes the docs on full runs only, unless told', () => {
    expect(parsePeersArgs([], 2).writeDocs).toBe(true);
    expect(parsePeersArgs(['--quick'], 2).writeDocs).toBe(false);
    expect(parsePeersArgs(['--quick', '--docs', '--only=prosody'], 2)).toMatchObject({
      writeDocs: true,
      targets: ['prosody'],
    });
  });

  it('takes the number of load workers', () => {
    expect(parsePeersArgs([], 2).loadWorkers).toBe(2);
    expect(parsePeersArgs([], 1).loadWorkers).toBe(1);
    expect(parsePeersArgs(['--load-workers', '4'], 2).loadWorkers).toBe(4);
    expect(() => parsePeersArgs(['--load-workers', 'x'], 2)).toThrow(/whole number/);
  });
});
