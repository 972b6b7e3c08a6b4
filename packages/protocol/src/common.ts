// Small shared schemas: ids, times, cursors, client ids.
import { z } from 'zod';
import { LIMITS } from './limits.js';

export const Id = z.string().min(1).max(64).meta({ description: 'Opaque identifier' });
export const Timestamp = z.string().meta({ description: 'ISO-8601 UTC time', format: 'date-time' });
export const Cursor = z.string().min(1).max(128).meta({ description: 'Opaque sync position' });
export const ClientId = z
  .string()
  .min(1)
  .max(LIMITS.clientIdMax)
  .meta({ description: 'Client-chosen idempotency key; a repeat returns the original result' });

/** A decimal integer sent as a query string, parsed to a number. */
export const QueryInt = (min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).meta({ type: 'integer' });

export const IdParams = z.object({ id: Id });
