// Calls HTTP endpoints through the protocol's route table: typed by route name, with the
// response parsed by the route's schema and failures turned into ApiError.
import {
  ERROR_CATALOG,
  ErrorResponse,
  parseWith,
  routes,
  type ErrorCode,
  type RouteBody,
  type RouteName,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
} from '@anytime/protocol';
import { ApiError, NetworkError } from './api-error.js';

/** The type with no required fields: `Empty extends T` says every field of T is optional. */
type Empty = Record<never, never>;

/** A field of a call's input: absent when the route has no schema for it, optional when empty is valid. */
type Slot<K extends string, T> = [T] extends [undefined]
  ? { [P in K]?: undefined }
  : Empty extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

/** What a call to route N takes: path params, query and body, each typed by the route's schemas. */
export type RouteInput<N extends RouteName> = Slot<'params', RouteParams<N>> &
  Slot<'query', RouteQuery<N>> &
  Slot<'body', RouteBody<N>>;

/** The input argument, optional when the route needs nothing. */
export type RouteArgs<N extends RouteName> =
  Empty extends RouteInput<N> ? [input?: RouteInput<N>] : [input: RouteInput<N>];

export interface HttpClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
}

interface LooseInput {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: HttpClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Calls route `name`; `token` is sent as the bearer token when given. */
  async call<N extends RouteName>(
    name: N,
    input: RouteInput<N> | undefined,
    token?: string,
  ): Promise<RouteResponse<N>> {
    const route = routes[name];
    const { params, query, body } = (input ?? {}) as LooseInput;
    const url = this.baseUrl + buildPath(route.path, params) + buildQuery(query);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (route.rawBody && (body instanceof Blob || body instanceof Uint8Array)) {
      // Raw bytes (an image upload): the Blob's own type, else a generic one (the server sniffs).
      headers['content-type'] = body instanceof Blob && body.type ? body.type : 'application/octet-stream';
      payload = body as Blob | Uint8Array<ArrayBuffer>;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await this.send(url, {
      method: route.method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw errorFrom(res, text);
    if (!route.response) return undefined as RouteResponse<N>;
    const parsed = parseWith(route.response, parseJson(text));
    if (!parsed.ok) {
      throw new ApiError(
        'internal',
        `${route.method} ${route.path}: unexpected response: ${parsed.message}`,
        res.status,
      );
    }
    return parsed.value as RouteResponse<N>;
  }

  /**
   * GETs the bytes at `path` (a server-relative URL such as an avatarUrl), with the bearer token
   * when given: for API routes that answer with an image rather than JSON.
   */
  async fetchBlob(path: string, token?: string): Promise<Blob> {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const res = await this.send(this.baseUrl + path, { method: 'GET', headers });
    if (!res.ok) throw errorFrom(res, await res.text());
    return res.blob();
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, init);
    } catch (e) {
      throw new NetworkError(`${init.method ?? 'GET'} ${url}: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
  }
}

function buildPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:(\w+)/g, (_, key: string) => {
    const v = params?.[key];
    if (v === undefined || v === null) throw new TypeError(`missing path parameter ${key} for ${path}`);
    return encodeURIComponent(String(v));
  });
}

function buildQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The first catalog code with this status, for error bodies that are not ours (a proxy's 502...). */
function codeForStatus(status: number): ErrorCode {
  const hit = (Object.keys(ERROR_CATALOG) as ErrorCode[]).find((c) => ERROR_CATALOG[c].status === status);
  return hit ?? (status >= 500 ? 'unavailable' : 'invalid_request');
}

function errorFrom(res: Response, text: string): ApiError {
  const retryHeader = res.headers.get('retry-after');
  const retryAfter = retryHeader !== null && /^\d+$/.test(retryHeader.trim()) ? Number(retryHeader) : undefined;
  const parsed = parseWith(ErrorResponse, parseJson(text));
  if (parsed.ok) return new ApiError(parsed.value.error.code, parsed.value.error.message, res.status, retryAfter);
  return new ApiError(codeForStatus(res.status), `HTTP ${res.status}: ${text.slice(0, 200)}`, res.status, retryAfter);
}
