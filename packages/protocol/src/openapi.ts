// Builds the OpenAPI 3.1 document from the route table; served at /v1/openapi.json.
import { createDocument } from 'zod-openapi';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponseObject } from 'zod-openapi';
import { ERROR_CATALOG, ErrorResponse } from './errors.js';
import { routes, type RouteDef } from './routes.js';
import { PROTOCOL_VERSION } from './version.js';

const GENERIC_ERRORS = ['invalid_request', 'invalid_json', 'body_too_large', 'internal'] as const;

function operation(name: string, r: RouteDef): ZodOpenApiOperationObject {
  const codes = new Set<string>([...GENERIC_ERRORS, ...r.errors]);
  if (r.auth) codes.add('unauthorized');
  if (r.params) codes.add('not_found');
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [String(r.status)]: r.response
      ? { description: 'Success', content: { 'application/json': { schema: r.response } } }
      : { description: 'Success, no content' },
  };
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const { status } = ERROR_CATALOG[code as keyof typeof ERROR_CATALOG];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, list] of byStatus) {
    responses[String(status)] = {
      description: `Error: ${list.join(', ')}`,
      content: { 'application/json': { schema: ErrorResponse } },
    };
  }
  const op: ZodOpenApiOperationObject = {
    operationId: name,
    summary: r.summary,
    responses: responses as ZodOpenApiOperationObject['responses'],
  };
  if (r.auth) op.security = [{ bearer: [] }];
  if (r.body) op.requestBody = { content: { 'application/json': { schema: r.body } } };
  if (r.rawBody) {
    const binary = { type: 'string', format: 'binary' } as const;
    op.requestBody = { content: Object.fromEntries(r.rawBody.map((t) => [t, { schema: binary }])) };
  }
  const requestParams: NonNullable<ZodOpenApiOperationObject['requestParams']> = {};
  if (r.params) requestParams.path = r.params as never;
  if (r.query) requestParams.query = r.query as never;
  if (r.params || r.query) op.requestParams = requestParams;
  return op;
}

export function buildOpenApiDocument(): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const [name, r] of Object.entries(routes) as [string, RouteDef][]) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const item = (paths[path] ??= {});
    (item as Record<string, ZodOpenApiOperationObject>)[r.method.toLowerCase()] = operation(name, r);
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Anytime API',
      version: String(PROTOCOL_VERSION),
      description:
        'Self-hostable messaging. Realtime frames travel over the WebSocket at /v1/ws; see docs/protocol.md.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  });
}
