import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorReply } from '../../errors.ts';

export const EnrolBody = Type.Object(
  { code: Type.String({ minLength: 12, maxLength: 20, pattern: '^[0-9A-Za-z\\s-]+$' }) },
  { additionalProperties: false },
);

export const KioskCredentialsReply = Type.Object({
  stationId: Type.String(),
  couchUrl: Type.String(),
  username: Type.String(),
  password: Type.String(),
  dbName: Type.String(),
});

/** A kiosk trades a one-time enrolment code for its own CouchDB credentials. */
const enrol: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/enrol',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      bodyLimit: 1024,
      schema: {
        body: EnrolBody,
        response: {
          200: KioskCredentialsReply,
          400: ErrorReply,
          401: ErrorReply,
          409: ErrorReply,
          429: ErrorReply,
        },
      },
    },
    async (request) => {
      const credentials = await app.hub.kioskUsers.redeemEnrolmentCode(request.body.code);
      app.hub.follower.touch(credentials.stationId);
      return { ...credentials, dbName: `xz-station-${credentials.stationId}` };
    },
  );
};

export default enrol;
