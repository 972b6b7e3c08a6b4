import { afterAll, beforeAll, expect, it } from 'vitest';
import { routes } from '@anytime/protocol';
import { startTestServer, type TestServer } from './testing.js';
import { api } from './test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

it('answers /healthz once the database is reachable', async () => {
  const r = await api(s.url, 'GET', '/healthz');
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ status: 'ok', protocolVersion: 1 });
});

it('serves the OpenAPI document generated from the route table', async () => {
  const r = await api(s.url, 'GET', '/v1/openapi.json');
  expect(r.status).toBe(200);
  expect(r.body.openapi).toBe('3.1.0');
  expect(Object.keys(r.body.paths)).toHaveLength(new Set(Object.values(routes).map((x) => x.path)).size);
});

it('serves a web page at /', async () => {
  const res = await fetch(`${s.url}/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  expect(await res.text()).toMatch(/Anytime/);
});
