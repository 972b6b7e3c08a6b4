// Bundles a module of the web app's sources for a test page (page.addScriptTag), so a browser test
// can drive one component or function directly without the whole app; built with Vite as the app.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, type Rollup } from 'vite';

const protocolSrc = fileURLToPath(new URL('../../protocol/src/index.ts', import.meta.url));

/**
 * The module at `entry` (relative to packages/web/e2e) as one script defining `window[name]`,
 * and the CSS it imports.
 */
export async function bundleForPage(entry: string, name: string): Promise<{ js: string; css: string }> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [react()],
    resolve: { alias: { '@anytime/protocol': protocolSrc } },
    // Vitest runs with NODE_ENV=test, so the React plugin emits development JSX: match React to it.
    define: { 'process.env.NODE_ENV': '"development"' },
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL(entry, import.meta.url)), formats: ['iife'], name },
    },
  });
  const output = (Array.isArray(out) ? out[0] : out) as Rollup.RollupOutput;
  const chunk = output.output.find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`no bundle for ${entry}`);
  const css = output.output
    .filter((o) => o.type === 'asset' && o.fileName.endsWith('.css'))
    .map((o) => (o.type === 'asset' ? String(o.source) : ''))
    .join('\n');
  return { js: chunk.code, css };
}
