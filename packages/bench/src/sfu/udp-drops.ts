// Datagrams the kernel dropped because a UDP socket's receive buffer was full (RcvbufErrors in
// /proc/net/snmp, machine-wide): when a process is starved of CPU its sockets overflow, and this
// says how much of the loss a run saw happened there.
import { readFileSync } from 'node:fs';

/** Parses RcvbufErrors out of the text of /proc/net/snmp. */
export function parseUdpRcvbufErrors(snmp: string): number | undefined {
  const [names, values] = snmp.split('\n').filter((l) => l.startsWith('Udp:'));
  if (!names || !values) return undefined;
  const i = names.split(/\s+/).indexOf('RcvbufErrors');
  const v = Number(values.split(/\s+/)[i]);
  return i > 0 && Number.isFinite(v) ? v : undefined;
}

export function udpRcvbufErrors(): number | undefined {
  try {
    return parseUdpRcvbufErrors(readFileSync('/proc/net/snmp', 'utf8'));
  } catch {
    return undefined;
  }
}
