// Hands the SDK client to every component below the app root.
import { createContext, useContext, type ReactNode } from 'react';
import type { AnytimeClient } from '@anytime/sdk';

const ClientContext = createContext<AnytimeClient | null>(null);

export function ClientProvider({ client, children }: { client: AnytimeClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): AnytimeClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}
