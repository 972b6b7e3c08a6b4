import { expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.js';
import { routes } from './routes.js';

it('is OpenAPI 3.1 with every route of the table', () => {
  const doc = buildOpenApiDocument();
  expect(doc.openapi).toBe('3.1.0');
  for (const [name, r] of Object.entries(routes)) {
    const op = (
      doc.paths?.[r.path.replace(/:(\w+)/g, '{$1}')] as Record<string, { operationId?: string }> | undefined
    )?.[r.method.toLowerCase()];
    expect(op?.operationId, name).toBe(name);
  }
  expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
    expect.arrayContaining(['Message', 'Event', 'ErrorResponse']),
  );
});

it('documents error responses with the error schema', () => {
  const doc = buildOpenApiDocument();
  const send = (
    doc.paths?.['/v1/conversations/{id}/messages'] as Record<string, { responses: Record<string, unknown> }>
  ).post!;
  expect(Object.keys(send.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '429', '500']);
});

it('documents a raw upload with its media types', () => {
  const doc = buildOpenApiDocument();
  const put = (doc.paths?.['/v1/conversations/{id}/avatar'] as Record<string, { requestBody?: { content: object } }>)
    .put!;
  expect(Object.keys(put.requestBody?.content ?? {}).sort()).toEqual([
    'image/gif',
    'image/jpeg',
    'image/png',
    'image/webp',
  ]);
});
