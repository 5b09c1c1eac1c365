/**
 * The station's browser apps, built by Vite into kiosk/dist/ui: the kiosk at `/`, the counter
 * console at `/counter`, the call display at `/display`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/ui');

export function serveUi(dir = UI_DIR): FastifyPluginAsync {
  return async (app) => {
    if (!existsSync(join(dir, 'index.html'))) {
      app.get('/', async (_req, reply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The kiosk pages are not built yet: run `npm run build` first.\n页面尚未构建。'),
      );
      return;
    }
    await app.register(fastifyStatic, { root: dir, index: ['index.html'], wildcard: true });
    for (const [path, file] of [
      ['/counter', 'counter.html'],
      ['/display', 'display.html'],
    ] as const) {
      app.get(path, async (_req, reply) => reply.sendFile(file));
    }
  };
}
