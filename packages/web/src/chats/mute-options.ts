// The mute choices of the row menu and the mutedUntil each one sends.
export type MuteOption = 'hour' | 'eightHours' | 'week' | 'forever';

export const MUTE_OPTIONS: readonly MuteOption[] = ['hour', 'eightHours', 'week', 'forever'];

const HOUR = 3_600_000;
const SPANS: Record<Exclude<MuteOption, 'forever'>, number> = { hour: HOUR, eightHours: 8 * HOUR, week: 168 * HOUR };

/** The mutedUntil for UpdateConversationStateRequest: a future ISO time, or 'forever'. */
export function mutedUntilFor(option: MuteOption, now: Date = new Date()): string {
  return option === 'forever' ? 'forever' : new Date(now.getTime() + SPANS[option]).toISOString();
}
