// The ids the load workers give their messages. Each carries its due time, so a receiving
// socket in another worker than the sender's can measure send->deliver without asking anyone;
// the send counter stays last, where XMPP direct chats take their order from (seqOfClientId).

/** `<prefix>-<worker>.<sender>-<due in microseconds, base 36>-<counter>` */
export function messageId(prefix: string, worker: number, sender: number, due: number, n: number): string {
  return `${prefix}-${worker}.${sender}-${Math.round(due * 1000).toString(36)}-${n}`;
}

/** The due time (shared clock, ms) a messageId carries; undefined for other ids. */
export function dueOfMessageId(clientId: string): number | undefined {
  const parts = clientId.split('-');
  if (parts.length < 4) return undefined;
  const micros = parseInt(parts[parts.length - 2] ?? '', 36);
  return Number.isFinite(micros) ? micros / 1000 : undefined;
}
