/**
 * The hub's API as OpenAPI 3: the document at /docs/json (and /docs/yaml), a browsable page at
 * /docs. Built from each route's TypeBox schemas, so it is registered before any route.
 */
import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { SESSION_COOKIE } from '../auth/sessions.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export const apiDocs = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Xiaozhan hub',
          description:
            'Policies and their review, stations and kiosks, operators and the audit log. Operator ' +
            'routes need the session cookie from POST /api/auth/sign-in; state-changing requests from ' +
            'a browser are accepted only from the hub’s own origin.',
          version: VERSION,
        },
        components: {
          securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'xz-hub-api-docs', fastify: '5.x' },
);

export default apiDocs;
