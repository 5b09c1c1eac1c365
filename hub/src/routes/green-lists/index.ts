/**
 * Green-channel lists published to the stations (admin, district operator):
 *   GET /api/green-lists             the groups a list can be published for, and each list's version
 *   PUT /api/green-lists/:groupId    a new version from a CSV of raw numbers (hashed here, never
 *                                    stored) or a list of hashes; a file with a bad line is refused
 *                                    with the line numbers and nothing is published
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { GROUP_ID_PATTERN } from '@xz/shared/ids';
import { ErrorReply } from '../../errors.ts';

const Kind = Type.Union([Type.Literal('id'), Type.Literal('credit')]);

/** One published list: its version, how many numbers, when and by whom. */
export const ListSummary = Type.Object({
  groupId: Type.String(),
  kind: Kind,
  version: Type.Integer(),
  count: Type.Integer(),
  keyId: Type.String(),
  updatedAt: Type.Number(),
  updatedBy: Type.String(),
});

/** The groups a list can be published for, and each published list. */
export const GreenListsReply = Type.Object({
  groups: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Object({ zh: Type.String(), en: Type.String() }),
      kinds: Type.Array(Kind),
    }),
  ),
  lists: Type.Array(ListSummary),
});

export const GreenListUploadBody = Type.Object(
  {
    kind: Kind,
    /** 'csv': raw numbers, one per line (first column); 'hashes': keyed hashes, one per line. */
    format: Type.Union([Type.Literal('csv'), Type.Literal('hashes')]),
    content: Type.String({ minLength: 1, maxLength: 16 * 1024 * 1024 }),
  },
  { additionalProperties: false },
);

const greenLists: FastifyPluginAsyncTypebox = async (app) => {
  const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 413: ErrorReply };

  app.get(
    '/api/green-lists',
    {
      preHandler: app.requireRole('admin', 'district-operator'),
      schema: {
        response: {
          200: GreenListsReply,
          ...errors,
        },
      },
    },
    async () => ({ groups: app.hub.greenLists.groups(), lists: await app.hub.greenLists.list() }),
  );

  app.put(
    '/api/green-lists/:groupId',
    {
      preHandler: app.requireRole('admin', 'district-operator'),
      bodyLimit: 16 * 1024 * 1024,
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        params: Type.Object({ groupId: Type.String({ pattern: GROUP_ID_PATTERN }) }),
        body: GreenListUploadBody,
        response: { 200: ListSummary, ...errors },
      },
    },
    async (request) =>
      app.hub.greenLists.publish(request.params.groupId, request.body, request.operator as never, request.ip),
  );
};

export default greenLists;
