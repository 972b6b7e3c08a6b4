// Hands the encryption port (keys, secret chats, sealed messages) to the components that show
// them, and re-renders them when what the port knows changes (a key change, a sealed message
// opened, a new secret chat). Without a provider the app works as before, without those screens.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { EncryptionPort } from './encryption-port.js';

const EncryptionContext = createContext<EncryptionPort | null>(null);

export function EncryptionProvider({ port, children }: { port: EncryptionPort | null; children: ReactNode }) {
  return <EncryptionContext.Provider value={port}>{children}</EncryptionContext.Provider>;
}

const noSubscribe = () => () => {};
const versions = new WeakMap<EncryptionPort, { n: number; listening: boolean }>();

/** Bumps a per-port counter on every change, so getters read during render are fresh. */
function versionOf(port: EncryptionPort): { n: number; listening: boolean } {
  let v = versions.get(port);
  if (!v) {
    v = { n: 0, listening: false };
    versions.set(port, v);
  }
  return v;
}

/** The port (or null when encryption is not available), re-rendering on its changes. */
export function useEncryption(): EncryptionPort | null {
  const port = useContext(EncryptionContext);
  useSyncExternalStore(
    port
      ? (onChange) =>
          port.subscribe(() => {
            versionOf(port).n += 1;
            onChange();
          })
      : noSubscribe,
    () => (port ? versionOf(port).n : 0),
  );
  return port;
}
