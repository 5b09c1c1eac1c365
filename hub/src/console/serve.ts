/**
 * Serves the operator console (built by `npm run build:console -w @xz/hub` into hub/dist/console)
 * at /console. Without a build, /console answers 503 with the command to run.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const CONSOLE_DIST = fileURLToPath(new URL('../../dist/console/', import.meta.url));

const consoleStatic: FastifyPluginAsync = async (app) => {
  const built = existsSync(`${CONSOLE_DIST}index.html`);
  app.get('/console', async (_request, reply) => reply.redirect('/console/'));
  if (!built) {
    app.get('/console/*', async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The operator console is not built. Run: npm run build:console -w @xz/hub'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: CONSOLE_DIST,
    prefix: '/console/',
    decorateReply: false,
    index: 'index.html',
    cacheControl: false,
    setHeaders(res, path) {
      res.header(
        'cache-control',
        path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
      res.header('x-content-type-options', 'nosniff');
    },
  });
};

export default consoleStatic;
