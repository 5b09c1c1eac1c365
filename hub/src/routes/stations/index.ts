import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PRINTER_STATES } from '../../couch/station-doc-schemas.ts';

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
  app.get(
    '/api/stations/live',
    { preHandler: app.requireOperator, schema: { response: { 200: StationsLiveReply } } },
    async () => ({ stations: app.hub.follower.liveView() }),
  );
};

export default stations;
