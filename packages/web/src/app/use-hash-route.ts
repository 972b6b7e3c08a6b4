// The open chat lives in the URL hash (#/c/<id>), so the browser's back button closes it on phones.
import { useCallback, useEffect, useState } from 'react';

const PREFIX = '#/c/';

function fromHash(): string | null {
  return location.hash.startsWith(PREFIX) ? decodeURIComponent(location.hash.slice(PREFIX.length)) : null;
}

export function useOpenConversation(): [string | null, (id: string | null) => void] {
  const [open, setOpen] = useState<string | null>(fromHash);
  useEffect(() => {
    const onChange = () => setOpen(fromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const select = useCallback((id: string | null) => {
    if (id === null) {
      history.replaceState(null, '', location.pathname + location.search);
      setOpen(null);
    } else {
      location.hash = PREFIX + encodeURIComponent(id);
    }
  }, []);
  return [open, select];
}
