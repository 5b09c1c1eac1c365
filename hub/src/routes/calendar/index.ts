/**
 * The working-day calendar:
 *   GET /api/calendar          every year known (bundled or saved on the hub) and the missing ones
 *   PUT /api/calendar/:year    a year's holidays and adjusted working days (admin, district operator),
 *                              checked on save (400 naming the field), replicated to every station
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CalendarDataSchema } from '@xz/shared/calendar/calendar-data';
import { ErrorReply } from '../../errors.ts';

/** One year of the calendar as the console shows it: bundled with the product or saved on the hub. */
export const CalendarYearReply = Type.Object({
  year: Type.Integer(),
  source: Type.Union([Type.Literal('bundled'), Type.Literal('hub')]),
  data: CalendarDataSchema,
  updatedAt: Type.Optional(Type.Number()),
  updatedBy: Type.Optional(Type.String()),
});

/** Every year known and the years missing (this year and next; Monday–Friday until loaded). */
export const CalendarOverviewReply = Type.Object({
  years: Type.Array(CalendarYearReply),
  missing: Type.Array(Type.Integer()),
});

const calendar: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/calendar',
    {
      preHandler: app.requireRole(),
      schema: {
        response: {
          200: CalendarOverviewReply,
          401: ErrorReply,
        },
      },
    },
    async () => app.hub.calendar.overview(),
  );

  app.put(
    '/api/calendar/:year',
    {
      preHandler: app.requireRole('admin', 'district-operator'),
      bodyLimit: 64 * 1024,
      schema: {
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        // Checked in full by the calendar's own rules (dates real, inside the year, no overlaps).
        body: Type.Unknown(),
        response: { 200: CalendarYearReply, 400: ErrorReply, 401: ErrorReply, 403: ErrorReply },
      },
    },
    async (request) =>
      app.hub.calendar.save(request.params.year, request.body, request.operator as never, request.ip),
  );
};

export default calendar;
