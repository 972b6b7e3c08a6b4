// Handles one client frame: parse (a broken frame gets an error frame and harms nobody else),
// then act. Sends are acknowledged after they are durable.
import { ClientFrame, parseWith, type ErrorCode } from '@anytime/protocol';
import type { RawData } from 'ws';
import type { AppContext } from '../context.js';
import { toApiError } from '../http/errors.js';
import { reportReceipts } from '../modules/conversation-state/report-receipts.js';
import { sendMessage } from '../modules/messages/actions.js';
import { parseCursor, rememberCursor } from '../modules/sync/actions.js';
import type { PresenceTracker } from '../modules/presence/tracker.js';
import type { TypingRelay } from '../modules/presence/typing.js';
import type { CallService } from '../modules/calls/service.js';
import type { Connection } from './connection.js';

const CLIENT_TYPES: ReadonlySet<string> = new Set(ClientFrame.options.map((o) => o.shape.type.value));

function errorFrame(
  conn: Connection,
  code: ErrorCode,
  message: string,
  clientId?: string,
  retryAfterSeconds?: number,
): void {
  conn.send({
    type: 'error',
    ...(clientId !== undefined ? { clientId } : {}),
    error: { code, message },
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

/** The gateway's ephemeral services that frames reach. */
export interface Live {
  presence: PresenceTracker;
  typing: TypingRelay;
  calls: CallService;
}

export async function handleFrame(
  ctx: AppContext,
  conn: Connection,
  data: RawData,
  isBinary: boolean,
  live: Live,
): Promise<void> {
  if (isBinary) return errorFrame(conn, 'invalid_frame', 'frames are JSON text');
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString());
  } catch {
    return errorFrame(conn, 'invalid_json', 'frame is not valid JSON');
  }
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const clientId = typeof obj?.['clientId'] === 'string' ? obj['clientId'] : undefined;
  if (!obj || typeof obj['type'] !== 'string' || !CLIENT_TYPES.has(obj['type'])) {
    return errorFrame(
      conn,
      'invalid_frame',
      `unknown frame type; expected one of ${[...CLIENT_TYPES].join(', ')}`,
      clientId,
    );
  }
  const parsed = parseWith(ClientFrame, obj);
  if (!parsed.ok) return errorFrame(conn, parsed.code, parsed.message, clientId);
  const frame = parsed.value;
  try {
    switch (frame.type) {
      case 'ping':
        conn.send({ type: 'pong', ...(frame.nonce !== undefined ? { nonce: frame.nonce } : {}) });
        return;
      case 'send': {
        const { conversationId, type: _t, ...input } = frame;
        // One device's sends to one conversation keep their order: SQLite commits in call order;
        // elsewhere each send waits for the one before it.
        const run = () => sendMessage(ctx, conn.auth, conversationId, input);
        const r = await (ctx.storage.commitsInCallOrder ? run() : conn.inOrder(conversationId, run));
        conn.send({ type: 'ack', clientId: frame.clientId, message: r.message });
        return;
      }
      case 'receipts': {
        // No ack: the reader's devices get conversation.state.updated when the read position moves.
        const { conversationId, type: _t, ...input } = frame;
        await reportReceipts(ctx, conn.auth, conversationId, input);
        return;
      }
      case 'cursor':
        parseCursor(frame.cursor);
        await rememberCursor(ctx, conn.auth, frame.cursor);
        return;
      case 'typing':
        await live.typing.typing(conn, frame.conversationId, frame.stopped ?? false);
        return;
      case 'presence.subscribe':
        await live.presence.subscribe(conn, frame.userIds);
        return;
      case 'call.invite':
        await live.calls.invite(conn, frame);
        return;
      case 'call.accept':
        await live.calls.accept(conn, frame.callId, frame.clientId);
        return;
      case 'call.decline':
        await live.calls.decline(conn, frame.callId, frame.clientId);
        return;
      case 'call.hangup':
        await live.calls.hangup(conn, frame.callId, frame.clientId);
        return;
      case 'call.signal':
        await live.calls.signal(conn, frame);
        return;
      case 'call.update':
        await live.calls.update(conn, frame);
        return;
    }
  } catch (e) {
    const err = toApiError(e);
    if (err.code === 'internal') ctx.log.error({ err: e }, 'frame failed');
    errorFrame(conn, err.code, err.message, clientId, err.retryAfterSeconds);
  }
}
