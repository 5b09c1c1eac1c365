/**
 * The live dashboard: GET /api/stations/live (every station an operator may see: station staff
 * only their own) and GET /api/stations/:stationId (one station; 403 `reason: 'station'` for
 * station staff asking for another, 404 for a station the hub has never heard of).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { STATION_ID_PATTERN } from '@xz/shared/ids';
import { PRINTER_STATES } from '../../couch/station-doc-schemas.ts';
import { ErrorReply } from '../../errors.ts';
import { assertMaySeeStation, maySeeStation, type Operator } from '../../users/roles.ts';

const PrinterLive = Type.Object({
  state: Type.Union(PRINTER_STATES.map((s) => Type.Literal(s))),
  at: Type.Number(),
  pending: Type.Optional(Type.Integer()),
});

export const StationLiveReply = Type.Object({
  stationId: Type.String(),
  online: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('never-seen')]),
  lastHeartbeatAt: Type.Optional(Type.Number()),
  heartbeatReceivedAt: Type.Optional(Type.Number()),
  lastSyncAt: Type.Optional(Type.Number()),
  agentVersion: Type.Optional(Type.String()),
  policyVersion: Type.Optional(Type.String()),
  /** Green-channel list versions the station applies, by group id. */
  greenLists: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  /** Lists the station refuses (made with another deployment key). */
  greenListsRefused: Type.Optional(Type.Array(Type.String())),
  queue: Type.Optional(
    Type.Object({
      waiting: Type.Integer(),
      byService: Type.Optional(Type.Record(Type.String(), Type.Integer())),
      /** Longest current wait at the station, minutes. */
      maxWaitMinutes: Type.Optional(Type.Integer()),
    }),
  ),
  printers: Type.Record(Type.String(), PrinterLive),
});

export const StationsLiveReply = Type.Object({ stations: Type.Array(StationLiveReply) });

const stations: FastifyPluginAsyncTypebox = async (app) => {
  const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };

  app.get(
    '/api/stations/live',
    { preHandler: app.requireOperator, schema: { response: { 200: StationsLiveReply, 401: ErrorReply } } },
    async (request) => {
      const operator = request.operator as Operator;
      return { stations: app.hub.follower.liveView().filter((s) => maySeeStation(operator, s.stationId)) };
    },
  );

  app.get(
    '/api/stations/:stationId',
    {
      preHandler: app.requireOperator,
      schema: {
        params: Type.Object({ stationId: Type.String({ pattern: STATION_ID_PATTERN }) }),
        response: { 200: StationLiveReply, ...errors },
      },
    },
    async (request) => {
      const { stationId } = request.params;
      assertMaySeeStation(request.operator as Operator, stationId);
      const station = app.hub.follower.station(stationId);
      if (!station) throw new DomainError(ErrorCode.NotFound, `No station ${stationId} is known to the hub.`);
      return station;
    },
  );
};

export default stations;
