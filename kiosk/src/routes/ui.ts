/**
 * The station's browser apps, built by Vite into kiosk/dist/ui: the kiosk at `/`, the counter
 * console at `/counter`, the call display at `/display`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { PageReply, PlainReply } from '@xz/shared/contract/agent-api';
import type { FastifyPluginAsync } from 'fastify';

export const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/ui');

export function serveUi(dir = UI_DIR): FastifyPluginAsync {
  return async (app) => {
    if (!existsSync(join(dir, 'index.html'))) {
      app.get(
        '/',
        {
          schema: {
            tags: ['pages'],
            summary: 'The kiosk (not built yet: 503)',
            response: { 503: PlainReply },
          },
        },
        async (_req, reply) =>
          reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send('The kiosk pages are not built yet: run `npm run build` first.\n页面尚未构建。'),
      );
      return;
    }
    await app.register(fastifyStatic, { root: dir, index: ['index.html'], wildcard: true });
    for (const [path, file, summary] of [
      ['/counter', 'counter.html', 'The counter console'],
      ['/display', 'display.html', 'The call display'],
    ] as const) {
      app.get(
        path,
        { schema: { tags: ['pages'], summary, response: { 200: PageReply } } },
        async (_req, reply) => reply.sendFile(file),
      );
    }
  };
}
