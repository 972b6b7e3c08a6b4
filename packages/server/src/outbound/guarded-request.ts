// Outbound HTTP(S) requests with an SSRF guard: the host's addresses are resolved here and
// checked (address-policy.ts) at connect time, so the connection goes to the address that was
// checked (no DNS rebinding between check and connect). Only http/https, only default ports
// unless the host is allowlisted, a byte cap on the body (read stops there) and a deadline on
// the whole exchange. Redirects are not followed here; callers that follow them call again for
// each hop, which checks it afresh.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPublicAddress, normalizeHost, type HostAllowlist } from './address-policy.js';

export class OutboundRefused extends Error {
  constructor(reason: string) {
    super(reason);
  }
}

export class OutboundFailed extends Error {}

export interface GuardOptions {
  allow: HostAllowlist;
  /** Whether plain http is accepted for hosts that are not allowlisted. */
  allowPlainHttp: boolean;
}

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  maxBytes: number;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Whether the body was cut at maxBytes. */
  truncated: boolean;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** Throws OutboundRefused when the URL may not be fetched at all (before any DNS or connect). */
export function checkUrl(url: URL, opts: GuardOptions): { allowlisted: boolean } {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused('only http and https');
  if (url.username || url.password) throw new OutboundRefused('no credentials in URLs');
  const host = normalizeHost(url.hostname);
  if (opts.allow.has(host)) return { allowlisted: true };
  if (url.protocol === 'http:' && !opts.allowPlainHttp) throw new OutboundRefused('only https');
  if (url.port !== '' && url.port !== DEFAULT_PORTS[url.protocol]) throw new OutboundRefused('port not allowed');
  // A literal address never goes through the lookup below: check it here.
  if (isIpLiteral(host) && !isPublicAddress(host)) throw new OutboundRefused('address not allowed');
  return { allowlisted: false };
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** Resolves like dns.lookup, then refuses the host unless every address is public. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address))) {
      return callback(new OutboundRefused('address not allowed') as NodeJS.ErrnoException, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** One request (no redirects followed). Rejects with OutboundRefused or OutboundFailed. */
export function guardedRequest(url: URL, req: OutboundRequest, opts: GuardOptions): Promise<OutboundResponse> {
  let allowlisted: boolean;
  try {
    ({ allowlisted } = checkUrl(url, opts));
  } catch (e) {
    return Promise.reject(e);
  }
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const finish = (e: Error | null, r?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) reject(e instanceof OutboundRefused || e instanceof OutboundFailed ? e : new OutboundFailed(e.message));
      else resolve(r!);
    };
    const request = mod.request(
      url,
      {
        method: req.method,
        headers: req.headers,
        agent: false,
        ...(allowlisted ? {} : { lookup: guardedLookup }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = req.maxBytes - size;
          if (chunk.length >= room) {
            chunks.push(chunk.subarray(0, room));
            size += room;
            truncated = true;
            finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated });
            res.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated }),
        );
        res.on('error', (e) => finish(e));
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish(new OutboundFailed('timed out'));
    }, req.timeoutMs);
    request.on('error', (e) => finish(e));
    request.end(req.body);
  });
}
