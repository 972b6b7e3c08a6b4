// The route table: every HTTP endpoint once, with its schemas. The server binds handlers to it,
// the SDK calls through it, and the OpenAPI document is generated from it.
import { z } from 'zod';
import {
  AuthResponse,
  DeviceListResponse,
  LoginRequest,
  MeResponse,
  RefreshRequest,
  RefreshResponse,
  RegisterRequest,
  UpdateProfileRequest,
  UserListResponse,
  UserResponse,
  UserSearchQuery,
} from './accounts.js';
import { IdParams } from './common.js';
import {
  ConversationListResponse,
  ConversationResponse,
  CreateConversationRequest,
  MemberListResponse,
} from './conversations.js';
import type { ErrorCode } from './errors.js';
import { HistoryQuery, MessageListResponse, MessageResponse, SendMessageRequest } from './messages.js';
import { SyncQuery, SyncResponse } from './sync.js';
import { PROTOCOL_VERSION } from './version.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteDef<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
  A extends boolean = boolean,
> {
  method: HttpMethod;
  /** Fastify-style path, `:name` for parameters. */
  path: string;
  summary: string;
  /** Whether a bearer token is required. */
  auth: A;
  body: B;
  query: Q;
  params: P;
  /** Response schema; undefined for 204 No Content. */
  response: R;
  /** Success status. */
  status: number;
  /** Error codes this route may return besides the generic ones. */
  errors: readonly ErrorCode[];
}

function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
  A extends boolean = true,
>(def: {
  method: HttpMethod;
  path: string;
  summary: string;
  auth?: A;
  body?: B;
  query?: Q;
  params?: P;
  response?: R;
  status?: number;
  errors?: readonly ErrorCode[];
}): RouteDef<B, Q, P, R, A> {
  return {
    auth: true,
    status: def.response ? 200 : 204,
    errors: [],
    ...def,
  } as RouteDef<B, Q, P, R, A>;
}

export const HealthResponse = z
  .object({ status: z.literal('ok'), protocolVersion: z.literal(PROTOCOL_VERSION), node: z.string() })
  .meta({ id: 'HealthResponse' });

export const routes = {
  health: route({
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness and database reachability',
    auth: false,
    response: HealthResponse,
  }),
  register: route({
    method: 'POST',
    path: '/v1/auth/register',
    summary: 'Create an account and its first device',
    auth: false,
    body: RegisterRequest,
    response: AuthResponse,
    status: 201,
    errors: ['username_taken', 'rate_limited'],
  }),
  login: route({
    method: 'POST',
    path: '/v1/auth/login',
    summary: 'Sign in; every login is a new device',
    auth: false,
    body: LoginRequest,
    response: AuthResponse,
    errors: ['invalid_credentials', 'rate_limited'],
  }),
  refresh: route({
    method: 'POST',
    path: '/v1/auth/refresh',
    summary: 'Trade a refresh token for a new token pair (the old refresh token stops working)',
    auth: false,
    body: RefreshRequest,
    response: RefreshResponse,
    errors: ['invalid_refresh_token'],
  }),
  logout: route({ method: 'POST', path: '/v1/auth/logout', summary: 'Sign this device out (revokes it)' }),
  me: route({ method: 'GET', path: '/v1/me', summary: 'The signed-in user', response: MeResponse }),
  updateMe: route({
    method: 'PATCH',
    path: '/v1/me',
    summary: 'Update display name or about',
    body: UpdateProfileRequest,
    response: MeResponse,
  }),
  searchUsers: route({
    method: 'GET',
    path: '/v1/users',
    summary: 'Look users up by username prefix',
    query: UserSearchQuery,
    response: UserListResponse,
  }),
  getUser: route({
    method: 'GET',
    path: '/v1/users/:id',
    summary: 'One user',
    params: IdParams,
    response: UserResponse,
  }),
  listDevices: route({
    method: 'GET',
    path: '/v1/devices',
    summary: "The user's devices",
    response: DeviceListResponse,
  }),
  revokeDevice: route({
    method: 'DELETE',
    path: '/v1/devices/:id',
    summary: 'Revoke a device: its tokens stop working and its sockets close',
    params: IdParams,
  }),
  createConversation: route({
    method: 'POST',
    path: '/v1/conversations',
    summary: 'Start a direct chat (returns the existing one, 200) or create a group (201)',
    body: CreateConversationRequest,
    response: ConversationResponse,
    status: 201,
    errors: ['too_many_members', 'invalid_members'],
  }),
  listConversations: route({
    method: 'GET',
    path: '/v1/conversations',
    summary: "The user's conversations, most recent activity first",
    response: ConversationListResponse,
  }),
  getConversation: route({
    method: 'GET',
    path: '/v1/conversations/:id',
    summary: 'One conversation',
    params: IdParams,
    response: ConversationResponse,
  }),
  listMembers: route({
    method: 'GET',
    path: '/v1/conversations/:id/members',
    summary: 'Members with their roles',
    params: IdParams,
    response: MemberListResponse,
  }),
  sendMessage: route({
    method: 'POST',
    path: '/v1/conversations/:id/messages',
    summary: 'Send a message (201; a repeated clientId returns the original with 200)',
    params: IdParams,
    body: SendMessageRequest,
    response: MessageResponse,
    status: 201,
    errors: ['text_too_long', 'invalid_reply', 'media_not_found', 'client_id_conflict', 'rate_limited'],
  }),
  listMessages: route({
    method: 'GET',
    path: '/v1/conversations/:id/messages',
    summary: 'History by seq, ascending: afterSeq, beforeSeq (latest page when neither), limit <= 200',
    params: IdParams,
    query: HistoryQuery,
    response: MessageListResponse,
  }),
  sync: route({
    method: 'GET',
    path: '/v1/sync',
    summary: 'Every event for the user after a cursor, in order, paginated',
    query: SyncQuery,
    response: SyncResponse,
    errors: ['invalid_cursor'],
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;
export type RouteBody<N extends RouteName> = In<Routes[N]['body']>;
export type RouteQuery<N extends RouteName> = In<Routes[N]['query']>;
export type RouteParams<N extends RouteName> = Out<Routes[N]['params']>;
export type RouteResponse<N extends RouteName> = Out<Routes[N]['response']>;
/** What a handler receives after parsing. */
export type ParsedBody<N extends RouteName> = Out<Routes[N]['body']>;
export type ParsedQuery<N extends RouteName> = Out<Routes[N]['query']>;
