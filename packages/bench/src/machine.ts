// Describes the machine a run happened on: cores, CPU model, memory, OS and Node version.
import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem, type } from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  os: string;
  node: string;
}

/** The first `model name` of /proc/cpuinfo text, or undefined. */
export function cpuModelFrom(cpuinfo: string): string | undefined {
  return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
}

export function describeMachine(): Machine {
  let cpuModel: string | undefined;
  try {
    cpuModel = cpuModelFrom(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    cpuModel = undefined;
  }
  return {
    cpus: availableParallelism(),
    cpuModel: cpuModel ?? 'unknown CPU',
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
  };
}
