// Key setup on sign-in: the device loads its keys, or creates them when the account has none
// (first device), or — when the account's keys live on another device — shows the restore
// screen before secret chats and sealed messages can be used. Cloud chats never wait for it:
// the children render while the keys load, and after "Not now".
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { errorText } from '../client/error-text.js';
import type { EncryptionPort, KeySetupState } from './encryption-port.js';
import { RestoreScreen } from './RestoreScreen.js';

export interface KeyStatus {
  state: KeySetupState;
  /** Loads the state again (after a backup was made, or a restore). */
  refresh: () => void;
}

const KeyStatusContext = createContext<KeyStatus>({ state: { status: 'loading' }, refresh: () => {} });

export function useKeyStatus(): KeyStatus {
  return useContext(KeyStatusContext);
}

export function KeyGate({ port, children }: { port: EncryptionPort | null; children: ReactNode }) {
  const [state, setState] = useState<KeySetupState>({ status: 'loading' });
  const [skipped, setSkipped] = useState(false);
  const [round, setRound] = useState(0);
  const refresh = useCallback(() => setRound((n) => n + 1), []);

  useEffect(() => {
    if (!port) return;
    let live = true;
    port.setUpDevice().then(
      (s) => live && setState(s),
      (e: unknown) => live && setState({ status: 'error', message: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [port, round]);

  if (port && state.status === 'needsRestore' && !skipped) {
    return <RestoreScreen port={port} onRestored={refresh} onSkip={() => setSkipped(true)} />;
  }
  return <KeyStatusContext.Provider value={{ state, refresh }}>{children}</KeyStatusContext.Provider>;
}
