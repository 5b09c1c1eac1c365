/** The hub's API described as OpenAPI at /docs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers.ts';

describe('GET /docs', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('lists every route with its schemas in the OpenAPI document', async () => {
    const res = await fetch(`${t.hub.url}/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Xiaozhan hub');
    for (const path of [
      '/api/policies',
      '/api/policies/{policyId}/approve',
      '/api/enrol',
      '/api/auth/sign-in',
      '/api/users',
      '/api/stations/live',
      '/api/stations/{stationId}/enrolment-codes',
      '/api/health',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    const enrol = doc.paths['/api/enrol'].post;
    expect(JSON.stringify(enrol.requestBody)).toContain('"code"');
    expect(Object.keys(enrol.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '429']));
  });

  it('serves a browsable page', async () => {
    const res = await fetch(`${t.hub.url}/docs`, { redirect: 'follow' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
