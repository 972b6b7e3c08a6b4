// BrowserKeyStore in a real browser (Debian's Chromium via playwright-core): the wrapping key
// WebCrypto made is stored in IndexedDB as a non-extractable CryptoKey, still non-extractable
// after a reload (exportKey fails), values survive the reload, and IndexedDB holds ciphertext
// only. The store's TypeScript is transpiled on the fly and served as ES modules.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SOURCES: Record<string, URL> = {
  '/stores/browser-key-store.js': new URL('./browser-key-store.ts', import.meta.url),
  '/array-buffer.js': new URL('../array-buffer.ts', import.meta.url),
};

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    const src = SOURCES[req.url ?? ''];
    if (src) {
      const out = ts.transpileModule(readFileSync(src, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      });
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(out.outputText);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>keys</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('BrowserKeyStore in Chromium', () => {
  it('keeps a non-extractable wrapping key in IndexedDB and only ciphertext', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    // Passed as text: vitest rewrites import() in functions it compiles.
    const first = (await page.evaluate(`(async () => {
      const { BrowserKeyStore } = await import('/stores/browser-key-store.js');
      const store = await BrowserKeyStore.open();
      await store.put('identity', new TextEncoder().encode('PLAINTEXT-IDENTITY-KEY'));
      const info = store.wrappingKeyInfo;
      store.close();
      return info;
    })()`)) as unknown;
    expect(first).toEqual({ extractable: false, algorithm: 'AES-GCM' });
    await page.reload();
    const after = (await page.evaluate(`(async () => {
      const { BrowserKeyStore } = await import('/stores/browser-key-store.js');
      const store = await BrowserKeyStore.open();
      const value = new TextDecoder().decode(await store.get('identity'));
      store.close();
      // Read the raw records, as anyone with the profile's files could.
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('anytime-keys', 1);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const get = (storeName, key) =>
        new Promise((resolve, reject) => {
          const r = db.transaction(storeName).objectStore(storeName).get(key);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const key = await get('cryptokeys', 'wrapping-key');
      let exported = 'exported';
      try {
        await crypto.subtle.exportKey('raw', key);
      } catch (e) {
        exported = e.name;
      }
      const raw = await get('secrets', 'identity');
      const rawText = String.fromCharCode(...new Uint8Array(raw.ct));
      db.close();
      return {
        value,
        isCryptoKey: key instanceof CryptoKey,
        extractable: key.extractable,
        exported,
        rawHasPlaintext: rawText.includes('PLAINTEXT'),
      };
    })()`)) as unknown;
    expect(after).toEqual({
      value: 'PLAINTEXT-IDENTITY-KEY',
      isCryptoKey: true,
      extractable: false,
      exported: 'InvalidAccessError',
      rawHasPlaintext: false,
    });
    await page.close();
  });
});
