// Stands in for node:fs/promises in the browser bundle: the SDK's file stores (Node only) load
// it lazily and the page never uses them; anything that tries gets a clear error.
function unavailable(): never {
  throw new Error('node:fs is not available in the browser (use the IndexedDB/localStorage stores)');
}

export const readFile = unavailable;
export const open = unavailable;
export const rename = unavailable;
export const mkdir = unavailable;
export const rm = unavailable;
