/**
 * Schemas of the device configuration data: printer profiles and station configuration files.
 */
import { type Static, Type } from '@sinclair/typebox';

export const PROFILE_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

export const PrinterProfile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({ pattern: PROFILE_ID_PATTERN, maxLength: 40 }),
    model: Type.String({ minLength: 1, maxLength: 80 }),
    paperWidthMm: Type.Union([Type.Literal(58), Type.Literal(80)]),
    /** Columns per line in Font A (an ASCII character is one column, a CJK character two). */
    charsPerLine: Type.Integer({ minimum: 24, maximum: 64 }),
    /** Other column counts the model can be switched to (memory switch or font), informational. */
    charsPerLineOptions: Type.Optional(
      Type.Array(Type.Integer({ minimum: 24, maximum: 80 }), { maxItems: 4 }),
    ),
    /** Printable dots per line, for raster output. */
    dotsPerLine: Type.Integer({ minimum: 256, maximum: 832 }),
    codePage: Type.Literal('gb18030'),
    baudRate: Type.Union([
      Type.Literal(9600),
      Type.Literal(19200),
      Type.Literal(38400),
      Type.Literal(57600),
      Type.Literal(115200),
    ]),
    flowControl: Type.Union([Type.Literal('none'), Type.Literal('rtscts')]),
    qr: Type.Object(
      {
        /** GS ( k is supported. */
        native: Type.Boolean(),
        model: Type.Union([Type.Literal(1), Type.Literal(2)]),
        /** Module size in dots, GS ( k fn 67. */
        moduleSize: Type.Integer({ minimum: 1, maximum: 16 }),
        errorCorrection: Type.Union([
          Type.Literal('L'),
          Type.Literal('M'),
          Type.Literal('Q'),
          Type.Literal('H'),
        ]),
      },
      { additionalProperties: false },
    ),
    cutter: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')]),
    status: Type.Object(
      {
        /** Answers DLE EOT 1-4 real-time status requests. */
        dleEot: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    /** Largest job accepted, in bytes (the printer's receive buffer). */
    maxJobBytes: Type.Integer({ minimum: 512, maximum: 1_048_576 }),
  },
  { additionalProperties: false },
);
export type PrinterProfile = Static<typeof PrinterProfile>;

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Bilingual = (maxLength: number) =>
  Type.Object(
    { zh: Type.String({ minLength: 1, maxLength }), en: Type.String({ minLength: 1, maxLength }) },
    { additionalProperties: false },
  );
const Hours = Type.Array(
  Type.Object(
    {
      days: Type.Union([Type.Literal('mon-sun'), Type.Literal('mon-fri'), Type.Literal('working-days')]),
      from: Time,
      to: Time,
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 8 },
);
const ServiceId = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 40 });

export const StationConfig = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 40 }),
    name: Bilingual(120),
    /** IANA zone of station time. */
    timeZone: Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$' }),
    hours: Hours,
    services: Type.Array(
      Type.Object(
        {
          id: ServiceId,
          /** Ticket prefix letter; I and O are not used. */
          prefix: Type.String({ pattern: '^[A-HJ-NP-Z]$' }),
          name: Bilingual(40),
          avgMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
          dailyCap: Type.Integer({ minimum: 1, maximum: 999 }),
          warnAt: Type.Integer({ minimum: 1, maximum: 999 }),
          /** Service hours when narrower than the station's. */
          hours: Type.Optional(Hours),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 24 },
    ),
    counters: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[A-Za-z0-9-]{1,8}$' }),
          services: Type.Array(ServiceId, { minItems: 1, maxItems: 24 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 64 },
    ),
    printer: Type.Object(
      {
        /** Printer profile id (firmware-config/profiles/<id>.json). */
        profile: Type.String({ pattern: PROFILE_ID_PATTERN, maxLength: 40 }),
        /** Serial device; the udev rule makes /dev/xz-printer. */
        device: Type.String({ pattern: '^/dev/[A-Za-z0-9._/-]+$', maxLength: 120 }),
        /** Minutes after which an unprinted job is cancelled instead of printed late. */
        jobExpiryMinutes: Type.Integer({ minimum: 1, maximum: 120 }),
      },
      { additionalProperties: false },
    ),
    hub: Type.Optional(
      Type.Object(
        { url: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 200 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type StationConfig = Static<typeof StationConfig>;
