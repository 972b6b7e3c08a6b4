// Writing one user's state row of a conversation inside a transaction, and telling every device
// of the user: each explicit change bumps the version and appends conversation.state.updated.
import type { ConversationState } from '@anytime/protocol';
import type { Tx } from '../../storage/storage.js';
import { loadState, stateRows, type StateRow } from './queries.js';

export type StateChange = Partial<Omit<StateRow, 'user_id' | 'conversation_id' | 'version' | 'updated_at'>>;

/** The row as it is now, or the defaults. */
export async function currentRow(tx: Tx, userId: string, conversationId: string, now: string): Promise<StateRow> {
  const row = (await stateRows(tx.db, userId, [conversationId])).get(conversationId);
  return (
    row ?? {
      user_id: userId,
      conversation_id: conversationId,
      read_seq: 0,
      delivered_seq: 0,
      muted_until: null,
      archived: 0,
      pinned_at: null,
      draft_text: null,
      draft_updated_at: null,
      version: 0,
      updated_at: now,
    }
  );
}

/** Saves `change` over `row` with the next version and emits the new state to the user's devices. */
export async function saveState(tx: Tx, row: StateRow, change: StateChange, now: string): Promise<ConversationState> {
  const next: StateRow = { ...row, ...change, version: row.version + 1, updated_at: now };
  const { user_id, conversation_id, ...rest } = next;
  await tx.db
    .insertInto('conversation_states')
    .values(next)
    .onConflict((oc) => oc.columns(['user_id', 'conversation_id']).doUpdateSet(rest))
    .execute();
  const state = await loadState(tx.db, user_id, conversation_id);
  await tx.append({ type: 'conversation.state.updated', at: now, state }, { userId: user_id });
  return state;
}

/**
 * A membership ended: the user's state of the conversation goes with it, so a later rejoin starts
 * from the defaults on the server as it does on every device (which drop the conversation).
 */
export async function forgetState(tx: Tx, userId: string, conversationId: string): Promise<void> {
  await tx.db
    .deleteFrom('conversation_states')
    .where('user_id', '=', userId)
    .where('conversation_id', '=', conversationId)
    .execute();
}
