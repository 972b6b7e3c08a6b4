// The masks a person can pick, by id. Kept apart from the drawing code so that pickers and
// the calls issue can list them without loading anything else.
export const MASK_IDS = ['glasses', 'hat', 'ears', 'full-face'] as const;

export type MaskId = (typeof MASK_IDS)[number];

export function isMaskId(value: unknown): value is MaskId {
  return typeof value === 'string' && (MASK_IDS as readonly string[]).includes(value);
}
