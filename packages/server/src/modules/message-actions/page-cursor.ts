// The `before` cursor of the per-user lists (starred, mentions): the (time, message id) of the
// last item of the previous page, opaque to clients.
import { ApiError } from '../../http/errors.js';

export interface PagePosition {
  at: string;
  id: string;
}

export function encodePage(p: PagePosition): string {
  return Buffer.from(JSON.stringify([p.at, p.id])).toString('base64url');
}

export function decodePage(cursor: string | undefined): PagePosition | null {
  if (cursor === undefined) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new ApiError('invalid_cursor', 'before is not a cursor this list gave out');
}
