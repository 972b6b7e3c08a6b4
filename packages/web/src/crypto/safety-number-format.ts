// How a safety number is shown: 60 digits in 12 groups of 5 (Signal's layout), so that two
// people can read them to each other group by group.
export const SAFETY_NUMBER_DIGITS = 60;
export const GROUP_SIZE = 5;

/** The 12 groups of 5 digits of a 60-digit safety number; throws on anything else. */
export function safetyNumberGroups(digits: string): string[] {
  if (!/^\d+$/.test(digits) || digits.length !== SAFETY_NUMBER_DIGITS) {
    throw new Error(`a safety number has ${SAFETY_NUMBER_DIGITS} digits`);
  }
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += GROUP_SIZE) groups.push(digits.slice(i, i + GROUP_SIZE));
  return groups;
}
