// Runs ffmpeg or ffprobe as a child process (never a shell): collects stdout or streams it,
// parses `-progress` key=value lines from fd 3, keeps the end of stderr for error messages,
// and kills the process when the AbortSignal fires.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { abortError } from './errors.js';

const STDERR_KEEP = 4_000;

export class ToolFailedError extends Error {
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(`${tool} exited with ${exitCode ?? 'a signal'}: ${lastLine(stderrTail)}`);
    this.name = 'ToolFailedError';
  }
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines[lines.length - 1]?.slice(0, 300) ?? '';
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Streams stdout instead of collecting it. */
  onStdout?: (chunk: Buffer) => void;
  /** Each `key=value` line ffmpeg writes with `-progress pipe:3`. */
  onProgress?: (key: string, value: string) => void;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

export function runTool(path: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe', opts.onProgress ? 'pipe' : 'ignore'] });
    const out: Buffer[] = [];
    let err = '';
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(() => reject(abortError(signal!)));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const stdout = child.stdio[1] as Readable;
    const stderr = child.stdio[2] as Readable;
    stdout.on('data', (c: Buffer) => (opts.onStdout ? opts.onStdout(c) : out.push(c)));
    stderr.setEncoding('utf8');
    stderr.on('data', (c: string) => {
      err = (err + c).slice(-STDERR_KEEP);
    });
    const progress = child.stdio[3] as Readable | null;
    if (progress && opts.onProgress) {
      const onProgress = opts.onProgress;
      let pending = '';
      progress.setEncoding('utf8');
      progress.on('data', (c: string) => {
        pending += c;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          const eq = line.indexOf('=');
          if (eq > 0) onProgress(line.slice(0, eq), line.slice(eq + 1));
        }
      });
    }
    child.on('error', (e) => finish(() => reject(e)));
    child.on('close', (code) => {
      finish(() => {
        if (code === 0) resolve({ stdout: Buffer.concat(out), stderr: err });
        else reject(new ToolFailedError(path.split('/').pop() ?? path, code, err));
      });
    });
  });
}
