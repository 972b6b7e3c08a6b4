// Migration 0014: voice and video calls (modules/calls). A call is a row so that any node can
// answer for it and the durable sweeper can time it out even when the caller's node is gone;
// call_participants holds each device in it (with its on-screen flags and the connection that
// carries it, for the reconnect grace); call_rung holds each user rung and what they did.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('topology', 'text', (c) => c.notNull())
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('caller_id', 'text', (c) => c.notNull())
    .addColumn('caller_device_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ring_until', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('sfu_node', 'text')
    .addUniqueConstraint('calls_caller_client', ['caller_id', 'client_id'])
    .execute();
  await db.schema.createIndex('calls_conversation').on('calls').columns(['conversation_id', 'created_at']).execute();
  await db.schema.createIndex('calls_status_ring').on('calls').columns(['status', 'ring_until']).execute();

  await db.schema
    .createTable('call_participants')
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text')
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('camera_off', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('screen_sharing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hand_raised', 'integer', (c) => c.notNull().defaultTo(0))
    /** `${nodeId}/${connectionId}` of the socket that carries the device in the call, and its node. */
    .addColumn('connection', 'text')
    .addColumn('node_id', 'text')
    /** Set when that socket closed; the device leaves CALL_RECONNECT_SECONDS later unless it is back. */
    .addColumn('disconnected_at', 'text')
    .addPrimaryKeyConstraint('call_participants_pk', ['call_id', 'device_id'])
    .execute();
  await db.schema
    .createIndex('call_participants_user')
    .on('call_participants')
    .columns(['user_id', 'left_at'])
    .execute();
  await db.schema
    .createIndex('call_participants_device')
    .on('call_participants')
    .columns(['device_id', 'left_at'])
    .execute();

  await db.schema
    .createTable('call_rung')
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** ringing | declined | answered | missed */
    .addColumn('state', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('call_rung_pk', ['call_id', 'user_id'])
    .execute();
  await db.schema.createIndex('call_rung_user').on('call_rung').columns(['user_id', 'state']).execute();
}
