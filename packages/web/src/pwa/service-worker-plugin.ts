// Build-time only (used by vite.config.ts, never bundled into the app): after the app build,
// reads Vite's manifest (dist/.vite/manifest.json) for every built file, adds the public files
// (web manifest, icons), and builds src/pwa/service-worker.ts into dist/sw.js with that list as
// its precache and a version derived from the files' contents.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type ResolvedConfig } from 'vite';

const ENTRY = fileURLToPath(new URL('./service-worker.ts', import.meta.url));

interface ManifestChunk {
  file: string;
  css?: string[];
  assets?: string[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Every URL path the service worker precaches, from the app build's manifest and public dir. */
export async function precacheList(outDir: string, publicDir: string | false): Promise<string[]> {
  const manifestPath = join(outDir, '.vite', 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const files = new Set<string>(['index.html']);
  for (const chunk of Object.values(manifest)) {
    for (const f of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
  }
  if (publicDir) for (const f of await filesUnder(publicDir)) files.add(relative(publicDir, f).split('\\').join('/'));
  files.delete('sw.js');
  return [...files].sort().map((f) => `/${f}`);
}

export function serviceWorkerPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'anytime-service-worker',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    async closeBundle() {
      const outDir = config.build.outDir;
      const list = await precacheList(outDir, config.publicDir || false);
      const hash = createHash('sha256');
      for (const f of list) hash.update(f).update(await readFile(join(outDir, f)));
      const version = hash.digest('hex').slice(0, 12);
      // The manifest has served its purpose; it is not part of the site.
      await rm(join(outDir, '.vite'), { recursive: true, force: true });
      await build({
        configFile: false,
        logLevel: 'warn',
        resolve: config.resolve,
        define: { __PRECACHE__: JSON.stringify(list), __VERSION__: JSON.stringify(version) },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: 'es2022',
          lib: { entry: ENTRY, formats: ['iife'], name: 'anytimeServiceWorker', fileName: () => 'sw.js' },
        },
      });
    },
  };
}
