// New ids: UUIDv7, time-ordered, so rows are appended at the end of their primary-key index
// instead of dirtying a random page per insert (as random v4 ids do).
import { v7 } from 'uuid';

export const newId = (): string => v7();
