// Debian's Chromium driven by playwright-core (no browser download), with the flags this
// machine needs: no sandbox as root, no background networking towards a closed network.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * WebGL (the filters) needs a GPU: with `webgl`, Chromium draws with SwiftShader, its CPU
 * implementation of the GPU (ANGLE on SwiftShader's Vulkan), instead of having no GPU at all.
 */
const WEBGL_FLAGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

export function launchChromium(options: { webgl?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      ...(options.webgl ? WEBGL_FLAGS : ['--disable-gpu']),
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
