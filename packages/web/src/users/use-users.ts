// Components ask for the people they show; missing profiles are fetched and rerender on arrival.
import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { User } from '@anytime/protocol';
import type { UserDirectory } from './user-directory.js';

export const UserDirectoryContext = createContext<UserDirectory | null>(null);

/** A lookup of the given users by id (undefined until fetched). */
export function useUsers(ids: readonly string[]): (id: string) => User | undefined {
  const directory = useContext(UserDirectoryContext);
  if (!directory) throw new Error('useUsers outside UserDirectoryContext');
  useSyncExternalStore(directory.subscribe, () => directory.version);
  const key = ids.join(',');
  useEffect(() => {
    directory.request(key ? key.split(',') : []);
  }, [directory, key]);
  return (id) => directory.get(id);
}
