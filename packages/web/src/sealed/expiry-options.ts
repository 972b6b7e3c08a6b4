// The expiry choices of the sealed composer, in seconds (null: it never expires).
export const EXPIRY_OPTIONS = [
  { id: 'never', seconds: null },
  { id: 'hour', seconds: 3_600 },
  { id: 'day', seconds: 86_400 },
  { id: 'week', seconds: 604_800 },
] as const satisfies readonly { id: string; seconds: number | null }[];

export type ExpiryId = (typeof EXPIRY_OPTIONS)[number]['id'];

export function expirySeconds(id: string): number | null {
  return EXPIRY_OPTIONS.find((o) => o.id === id)?.seconds ?? null;
}
