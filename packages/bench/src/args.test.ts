// Tests the command-line flags and the CPU profile summary.
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.js';
import { defaultLoadWorkers } from './pool/load-pool.js';
import { packageOf, summariseProfile } from './cpu-profile.js';
import { selectScenarios } from './scenarios/catalog.js';

describe('parseArgs', () => {
  it('defaults to a full run that writes the docs', () => {
    expect(parseArgs([])).toEqual({
      quick: false,
      databaseUrl: undefined,
      writeDocs: true,
      cpuProfDir: undefined,
      only: [],
      brokerUrl: 'nats://127.0.0.1:4222',
      postgresOnly: false,
      loadWorkers: defaultLoadWorkers(),
      latencyRate: 500,
      serverEntry: undefined,
    });
  });

  it('drives another build with --server-entry, never writing its numbers into the docs', () => {
    const o = parseArgs(['--server-entry', '/tmp/old/packages/server/dist/main.js']);
    expect(o.serverEntry).toBe('/tmp/old/packages/server/dist/main.js');
    expect(o.writeDocs).toBe(false);
    expect(() => parseArgs(['--server-entry', '/tmp/x.js', '--docs'])).toThrow(/no-docs/);
  });

  it("takes scenario c's rate", () => {
    expect(parseArgs(['--latency-rate', '300']).latencyRate).toBe(300);
    expect(() => parseArgs(['--latency-rate', '0'])).toThrow(/whole number/);
    expect(() => parseArgs(['--latency-rate=2.5'])).toThrow(/whole number/);
  });

  it('takes the number of load workers, two by default on machines with two cores or more', () => {
    expect(defaultLoadWorkers(1)).toBe(1);
    expect(defaultLoadWorkers(2)).toBe(2);
    expect(defaultLoadWorkers(16)).toBe(2);
    expect(parseArgs(['--load-workers', '3']).loadWorkers).toBe(3);
    expect(() => parseArgs(['--load-workers', '0'])).toThrow(/whole number/);
    expect(() => parseArgs(['--load-workers=1.5'])).toThrow(/whole number/);
  });

  it('does not write the docs for --quick unless asked', () => {
    expect(parseArgs(['--quick']).writeDocs).toBe(false);
    expect(parseArgs(['--quick', '--docs']).writeDocs).toBe(true);
    expect(parseArgs(['--no-docs']).writeDocs).toBe(false);
  });

  it('takes values after a space or an equals sign', () => {
    const o = parseArgs(['--database-url=postgres://u@h/db', '--only', 'a, b16', '--cpu-prof', '/tmp/p']);
    expect(o).toMatchObject({ databaseUrl: 'postgres://u@h/db', only: ['a', 'b16'], cpuProfDir: '/tmp/p' });
  });

  it('rejects unknown flags, missing values and non-postgres URLs', () => {
    expect(() => parseArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseArgs(['--database-url'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--database-url', 'mysql://x'])).toThrow(/postgres/);
    expect(() => parseArgs(['--broker-url', 'redis://x'])).toThrow(/nats/);
    expect(() => parseArgs(['--postgres-only'])).toThrow(/needs --database-url/);
    expect(parseArgs(['--broker-url', 'nats://10.0.0.1:4222']).brokerUrl).toBe('nats://10.0.0.1:4222');
  });
});

describe('selectScenarios', () => {
  const ids = (only: string[]) => selectScenarios(only).map((s) => s.id);
  it('picks exact ids, families by letter, or everything', () => {
    expect(ids(['b1'])).toEqual(['b1']);
    expect(ids(['b'])).toEqual(['b1', 'b16']);
    expect(ids(['d', 'a'])).toEqual(['a', 'd']);
    expect(ids(['w'])).toEqual(['w1', 'w2', 'w3', 'w4']);
    expect(ids(['m'])).toEqual(['m']);
    expect(ids([])).toEqual([
      'a',
      'b1',
      'b16',
      'c',
      'l',
      'd',
      'e',
      'f',
      'g',
      'h',
      'j',
      'w1',
      'w2',
      'w3',
      'w4',
      'm',
      'k',
      'i',
    ]);
    expect(() => ids(['zz'])).toThrow(/matches no scenario/);
  });
});

describe('cpu profile summary', () => {
  it('names the package a script belongs to', () => {
    expect(packageOf('file:///w/node_modules/better-sqlite3/lib/x.js')).toBe('better-sqlite3');
    expect(packageOf('file:///w/node_modules/@fastify/websocket/index.js')).toBe('@fastify/websocket');
    expect(packageOf('file:///w/packages/server/dist/app.js')).toBe('@anytime/server');
    expect(packageOf('node:internal/streams')).toBe('node core');
    expect(packageOf('')).toBe('(native / VM)');
  });

  it('adds self time per function and per package', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const s = summariseProfile({
      nodes: [
        { id: 1, callFrame: frame('(garbage collector)', '') },
        { id: 2, callFrame: frame('send', 'file:///w/node_modules/ws/lib/sender.js') },
      ],
      samples: [1, 2, 2],
      timeDeltas: [1_000, 2_000, 3_000],
    });
    expect(s.totalMs).toBe(6);
    expect(s.byPackage).toEqual([
      { name: 'ws', ms: 5 },
      { name: '(garbage collector)', ms: 1 },
    ]);
    expect(s.topFunctions[0]).toEqual({ name: 'send lib/sender.js:1', ms: 5 });
  });
});
