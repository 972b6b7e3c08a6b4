// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the server's CPU time went, by
// function and by package, so a run can say what the bottleneck was.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  topFunctions: { name: string; ms: number }[];
  byPackage: { name: string; ms: number }[];
}

/** Which package (or part of Node) a script URL belongs to. */
export function packageOf(url: string): string {
  if (!url) return '(native / VM)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? url);
  }
  const pkg = /\/packages\/([^/]+)\//.exec(url);
  if (pkg) return `@anytime/${pkg[1] ?? ''}`;
  return url;
}

function top(map: Map<string, number>, n: number): { name: string; ms: number }[] {
  return [...map]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n);
}

export function summariseProfile(profile: CpuProfile, n = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').slice(-2).join('/');
    const name = `${functionName || '(anonymous)'}${url ? ` ${file}:${lineNumber + 1}` : ''}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const p = functionName.startsWith('(') && !url ? functionName : packageOf(url);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  });
  return { totalMs: total / 1000, topFunctions: top(fn, n), byPackage: top(pkg, n) };
}

/** Reads the newest .cpuprofile in `dir`, or undefined when there is none. */
export async function newestProfile(dir: string): Promise<{ path: string; profile: CpuProfile } | undefined> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'));
  let newest: { path: string; mtime: number } | undefined;
  for (const name of names) {
    const path = join(dir, name);
    const { mtimeMs } = await stat(path);
    if (!newest || mtimeMs > newest.mtime) newest = { path, mtime: mtimeMs };
  }
  if (!newest) return undefined;
  return { path: newest.path, profile: JSON.parse(await readFile(newest.path, 'utf8')) as CpuProfile };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const pct = (ms: number) => `${((ms / (s.totalMs || 1)) * 100).toFixed(1).padStart(5)}%`;
  return [
    `server CPU profile: ${(s.totalMs / 1000).toFixed(1)} s sampled`,
    '  by package:',
    ...s.byPackage.map((e) => `    ${pct(e.ms)}  ${e.name}`),
    '  top functions (self time):',
    ...s.topFunctions.map((e) => `    ${pct(e.ms)}  ${e.name}`),
  ].join('\n');
}
