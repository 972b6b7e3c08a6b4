// Tests the parsers of /proc/<pid>/stat and /proc/<pid>/status, and of /proc/cpuinfo.
import { describe, expect, it } from 'vitest';
import { cpuModelFrom } from './machine.js';
import {
  backendDatabase,
  parseCommand,
  parseCpuSeconds,
  parseMachineBusySeconds,
  parseStatusKb,
} from './proc-stats.js';

describe('proc parsers', () => {
  it('reads utime + stime even when the command name has spaces and parentheses', () => {
    // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 1000';
    expect(parseCpuSeconds(stat, 100)).toBe(3);
    expect(parseCommand(stat)).toBe('node (main) x');
  });

  it("reads a PostgreSQL client backend's database from its process title, none for the server's own", () => {
    expect(backendDatabase('postgres: 15/main: postgres anytime_t_7c2 127.0.0.1(36066) idle ')).toBe('anytime_t_7c2');
    expect(backendDatabase('postgres: 15/main: bob test [local] COMMIT ')).toBe('test');
    expect(backendDatabase('postgres: 15/main: walwriter ')).toBeUndefined();
    expect(backendDatabase('postgres: 15/main: autovacuum worker anytime_t_7c2 ')).toBeUndefined();
    expect(backendDatabase('/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main ')).toBeUndefined();
  });

  it('reads kB fields of /proc/<pid>/status as bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(parseStatusKb(status, 'VmRSS')).toBe(100 * 1024 * 1024);
    expect(parseStatusKb(status, 'VmHWM')).toBe(200 * 1024 * 1024);
    expect(parseStatusKb(status, 'VmSwap')).toBeUndefined();
  });

  it('adds the busy columns of the machine-wide cpu line of /proc/stat, not idle or iowait', () => {
    const stat = 'cpu  100 10 50 9000 40 5 5 30 0 0\ncpu0 50 5 25 4500 20 2 3 15 0 0\n';
    expect(parseMachineBusySeconds(stat, 100)).toBe(2);
    expect(parseMachineBusySeconds('intr 1 2 3\n', 100)).toBeUndefined();
  });

  it('takes the first model name from /proc/cpuinfo', () => {
    const info = 'processor\t: 0\nmodel name\t: AMD EPYC 7B13\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n';
    expect(cpuModelFrom(info)).toBe('AMD EPYC 7B13');
    expect(cpuModelFrom('processor\t: 0\n')).toBeUndefined();
  });
});
