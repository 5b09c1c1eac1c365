/**
 * Station configuration (written by the hub, read by the station agent): services with prefix,
 * hours, daily cap and warning threshold; counters and the services they serve; the calling
 * policy; the printer profile; where the hub is. Services and counters live inside the station
 * document so that one edit changes them together.
 */
import { type Static, Type } from '@sinclair/typebox';
import { STATION_CONFIG_ID_PATTERN } from '../ids.ts';
import {
  ClockTime,
  CounterId,
  Doc,
  docBase,
  HttpUrl,
  Instant,
  Localised,
  ServiceId,
  ServicePrefix,
  Slug,
  StationId,
} from './common.ts';

export const OpeningHoursSchema = Type.Object(
  {
    days: Type.Union([
      Type.Literal('mon-sun'),
      Type.Literal('mon-fri'),
      Type.Literal('sat-sun'),
      Type.Literal('working-days'),
    ]),
    from: ClockTime,
    to: ClockTime,
  },
  { additionalProperties: false, title: 'OpeningHours' },
);

export const ServiceSchema = Type.Object(
  {
    id: ServiceId,
    prefix: ServicePrefix,
    name: Localised(40),
    /** Fallback mean service time in minutes. */
    avgMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 480 }),
    /** Tickets per station day (numbers have 3 digits). */
    dailyCap: Type.Integer({ minimum: 1, maximum: 999 }),
    /** The kiosk warns "few tickets left" from this many issued. */
    warnAt: Type.Integer({ minimum: 1, maximum: 999 }),
    /** Overrides the station's hours for this service. */
    hours: Type.Optional(Type.Array(OpeningHoursSchema, { maxItems: 14 })),
  },
  { additionalProperties: false, title: 'Service' },
);

export const CounterSchema = Type.Object(
  {
    id: CounterId,
    name: Type.Optional(Localised(40)),
    services: Type.Array(ServiceId, { minItems: 1, maxItems: 50, uniqueItems: true }),
    /** Reserved for one kind of ticket: serves it first, the other only when none of it waits. */
    reserved: Type.Optional(Type.Union([Type.Literal('green'), Type.Literal('normal')])),
  },
  { additionalProperties: false, title: 'Counter' },
);

export const CallingPolicySchema = Type.Object(
  {
    /** default: green first within quota and aging limits; fifo: arrival order; strict: green always first. */
    kind: Type.Union([Type.Literal('default'), Type.Literal('fifo'), Type.Literal('strict')]),
    greenHeadStartMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    /** After this many green calls in a row, one normal ticket if any waits. */
    greenQuota: Type.Integer({ minimum: 1, maximum: 100 }),
    /** A normal ticket waiting longer than this is called first. */
    maxExtraWaitMinutes: Type.Integer({ minimum: 1, maximum: 480 }),
  },
  { additionalProperties: false, title: 'CallingPolicy' },
);

/** How the kiosk behaves at this station; every field has a default. */
export const KioskSettingsSchema = Type.Object(
  {
    /** Seconds without a touch before the kiosk returns home with every input cleared (default 60). */
    idleSeconds: Type.Optional(Type.Integer({ minimum: 15, maximum: 900 })),
    /** The same in elder mode (长辈版), longer (default three times idleSeconds). */
    elderIdleSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 1800 })),
    /** Seconds the ticket confirmation stays once the slip is printed (default 30). */
    confirmationSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 300 })),
    /** The district's emblem or branding on the home screen: an https URL or a path on the agent. */
    brandingImage: Type.Optional(
      Type.String({ pattern: '^(?:https?://[^\\s]+|/[A-Za-z0-9._/-]+)$', maxLength: 500 }),
    ),
  },
  { additionalProperties: false, title: 'KioskSettings' },
);
export type KioskSettings = Static<typeof KioskSettingsSchema>;

export const StationDocSchema = Doc(
  {
    ...docBase('station', STATION_CONFIG_ID_PATTERN),
    stationId: StationId,
    name: Localised(120),
    /** IANA time zone of station time. */
    timeZone: Type.String({ pattern: '^[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*$', maxLength: 64 }),
    district: Slug,
    hours: Type.Array(OpeningHoursSchema, { minItems: 1, maxItems: 14 }),
    /** The station's public phone, shown on the kiosk's home screen. */
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
    kiosk: Type.Optional(KioskSettingsSchema),
    services: Type.Array(ServiceSchema, { minItems: 1, maxItems: 50 }),
    counters: Type.Array(CounterSchema, { minItems: 1, maxItems: 50 }),
    calling: CallingPolicySchema,
    /** Recalls allowed per call before the ticket goes back to the queue. */
    recallMax: Type.Integer({ minimum: 0, maximum: 10 }),
    /** Minutes after a no-show within which staff can restore the ticket to its place (default 10). */
    noShowUndoMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    printerProfileId: Slug,
    hubUrl: HttpUrl,
    updatedAt: Instant,
  },
  'StationConfig',
);

export type OpeningHours = Static<typeof OpeningHoursSchema>;
export type Service = Static<typeof ServiceSchema>;
export type Counter = Static<typeof CounterSchema>;
export type CallingPolicy = Static<typeof CallingPolicySchema>;
export type StationDoc = Static<typeof StationDocSchema>;

/** Consistency beyond the schema: unique ids and prefixes, counters serve known services, warnAt ≤ cap. */
export function stationProblems(doc: StationDoc): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (doc._id !== `station:${doc.stationId}`)
    problems.push({ path: '/_id', message: 'must be station:{stationId}' });
  const ids = new Set<string>();
  const prefixes = new Set<string>();
  doc.services.forEach((s, i) => {
    if (ids.has(s.id)) problems.push({ path: `/services/${i}/id`, message: `duplicate service ${s.id}` });
    if (prefixes.has(s.prefix))
      problems.push({ path: `/services/${i}/prefix`, message: `duplicate prefix ${s.prefix}` });
    if (s.warnAt > s.dailyCap)
      problems.push({ path: `/services/${i}/warnAt`, message: 'must not exceed dailyCap' });
    ids.add(s.id);
    prefixes.add(s.prefix);
  });
  const counters = new Set<string>();
  doc.counters.forEach((c, i) => {
    if (counters.has(c.id))
      problems.push({ path: `/counters/${i}/id`, message: `duplicate counter ${c.id}` });
    counters.add(c.id);
    c.services.forEach((s, j) => {
      if (!ids.has(s))
        problems.push({ path: `/counters/${i}/services/${j}`, message: `unknown service ${s}` });
    });
  });
  return problems;
}
