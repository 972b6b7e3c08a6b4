// Which addresses the server may open outbound connections to (link previews, Web Push): only
// public unicast ones. Private, loopback, link-local (cloud metadata at 169.254.169.254),
// multicast, unspecified, carrier-grade NAT, documentation and other special ranges are
// refused, for IPv4 and IPv6, including IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4,
// Teredo) — an SSRF guard. Hosts named in an allowlist from config skip the check (tests use
// that for their local servers).
import ipaddr from 'ipaddr.js';

/** Whether a literal IP address is public unicast. Anything that does not parse is refused. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  // 'unicast' is what remains after every special range ipaddr.js knows (RFC 6890 and later).
  return ip.range() === 'unicast';
}

/** A host allowlist from config: comma-separated host names or addresses, case-insensitive. */
export class HostAllowlist {
  private readonly hosts: Set<string>;

  constructor(list: string | undefined) {
    this.hosts = new Set(
      (list ?? '')
        .split(',')
        .map((h) => normalizeHost(h.trim()))
        .filter((h) => h.length > 0),
    );
  }

  has(host: string): boolean {
    return this.hosts.has(normalizeHost(host));
  }
}

/** Lowercase, without the brackets of an IPv6 literal in a URL. */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}
