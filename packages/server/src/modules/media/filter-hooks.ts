// Server-side filters, rendered by helper C's filters module (modules/media/filters). Until that
// module is merged, a named filter other than 'none' is accepted (validated by the protocol) but
// not rendered.
import type { FilterId } from '@anytime/protocol';
import type { Sharp } from 'sharp';

export async function applyFilter(
  image: Sharp,
  _filter: FilterId,
  _size: { width: number; height: number },
): Promise<Sharp> {
  return image;
}

export function videoFilter(_filter: FilterId, _size: { width: number; height: number }): string | null {
  return null;
}
