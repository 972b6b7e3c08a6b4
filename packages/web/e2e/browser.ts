// Debian's Chromium driven by playwright-core (no browser download), with the flags this
// machine needs: no sandbox as root, no background networking towards a closed network.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * WebGL (the filters) needs a GPU: with `webgl`, Chromium draws with SwiftShader, its CPU
 * implementation of the GPU (ANGLE on SwiftShader's Vulkan), instead of having no GPU at all.
 */
const WEBGL_FLAGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

export interface LaunchOptions {
  webgl?: boolean;
  /** More command-line flags, e.g. a fake camera (masks/fake-camera.ts). */
  args?: readonly string[];
}

/** `options`: the options, or just extra flags. */
export function launchChromium(options: LaunchOptions | readonly string[] = {}): Promise<Browser> {
  const o: LaunchOptions = isFlags(options) ? { args: options } : options;
  const extraArgs = o.args ?? [];
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      ...(o.webgl ? WEBGL_FLAGS : ['--disable-gpu']),
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

function isFlags(v: LaunchOptions | readonly string[]): v is readonly string[] {
  return Array.isArray(v);
}
