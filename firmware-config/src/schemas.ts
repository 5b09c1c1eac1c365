/**
 * Schema of the printer profiles. Station configuration files use the shared station document
 * schema (@xz/shared/docs/station).
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

/** Station configuration files are station documents: schema and rules in @xz/shared/docs/station. */
export type { StationDoc as StationConfig } from '@xz/shared/docs/station';
