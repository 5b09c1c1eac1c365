/**
 * Schemas of what a slip says: the plain data a layout takes. Times arrive preformatted in
 * station time; layouts never read a clock.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Url = Type.String({ maxLength: 300, pattern: '^https?://[^\\s]+$' });
const Bilingual = (maxLength: number) =>
  Type.Object({ zh: Text(maxLength), en: Text(maxLength) }, { additionalProperties: false });

export const PrintLang = Type.Union([Type.Literal('zh'), Type.Literal('en')]);
export type PrintLang = Static<typeof PrintLang>;

export const TicketPrintInput = Type.Object(
  {
    /** Ticket number, prefix + digits: A001. */
    number: Type.String({ pattern: '^[A-Z]{1,2}[0-9]{3,4}$' }),
    service: Bilingual(40),
    /** Issue time, already formatted in station time, e.g. 2026-03-02 09:15. */
    issuedAt: Text(32),
    ahead: Type.Integer({ minimum: 0, maximum: 9999 }),
    waitMinutes: Type.Object(
      { min: Type.Integer({ minimum: 0, maximum: 1440 }), max: Type.Integer({ minimum: 0, maximum: 1440 }) },
      { additionalProperties: false },
    ),
    /** Counters serving the ticket, preformatted: "1-3" or "1, 3". */
    counters: Text(32),
    statusUrl: Url,
    station: Bilingual(120),
    reprint: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TicketPrintInput = Static<typeof TicketPrintInput>;

export const GreenSlipInput = Type.Composite(
  [
    TicketPrintInput,
    Type.Object({
      /** Why the holder goes first: the group's reason code and its wording. */
      reason: Type.Object(
        { code: Type.String({ pattern: '^[A-Z0-9_-]{1,32}$' }), zh: Text(40), en: Text(60) },
        { additionalProperties: false },
      ),
    }),
  ],
  { additionalProperties: false },
);
export type GreenSlipInput = Static<typeof GreenSlipInput>;

export const PolicySlipInput = Type.Object(
  {
    title: Text(120),
    facts: Type.Array(Type.Object({ label: Text(24), value: Text(240) }, { additionalProperties: false }), {
      maxItems: 8,
    }),
    url: Url,
    printedAt: Text(32),
    station: Bilingual(120),
    reprint: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PolicySlipInput = Static<typeof PolicySlipInput>;

export const RequestReceiptInput = Type.Object(
  {
    requestNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,32}$' }),
    category: Type.Optional(Bilingual(40)),
    submittedAt: Text(32),
    /** Reply deadline, preformatted in station time. */
    deadline: Type.Optional(Text(32)),
    trackUrl: Url,
    station: Bilingual(120),
    reprint: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RequestReceiptInput = Static<typeof RequestReceiptInput>;

export const TestPageInput = Type.Object(
  {
    profile: Type.Object(
      {
        id: Text(40),
        model: Text(80),
        paperWidthMm: Type.Integer({ minimum: 40, maximum: 120 }),
        charsPerLine: Type.Integer({ minimum: 16, maximum: 80 }),
        codePage: Text(20),
        baudRate: Type.Integer({ minimum: 1200 }),
        flowControl: Text(10),
        qrNative: Type.Boolean(),
        cutter: Text(10),
      },
      { additionalProperties: false },
    ),
    printedAt: Text(32),
    reprint: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TestPageInput = Static<typeof TestPageInput>;

/** A request to print one slip: kind, language and its data. This is what a print job stores. */
export const PrintRequest = Type.Union([
  Type.Object(
    { kind: Type.Literal('ticket'), lang: PrintLang, data: TicketPrintInput },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('green-slip'), lang: PrintLang, data: GreenSlipInput },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('policy-slip'), lang: PrintLang, data: PolicySlipInput },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('request-receipt'), lang: PrintLang, data: RequestReceiptInput },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('test-page'), lang: PrintLang, data: TestPageInput },
    { additionalProperties: false },
  ),
]);
export type PrintRequest = Static<typeof PrintRequest>;

export interface SchemaIssue {
  /** JSON pointer of the offending field, e.g. /data/waitMinutes/max. */
  readonly path: string;
  readonly message: string;
}

const kindSchemas = {
  ticket: TicketPrintInput,
  'green-slip': GreenSlipInput,
  'policy-slip': PolicySlipInput,
  'request-receipt': RequestReceiptInput,
  'test-page': TestPageInput,
} as const;

/**
 * Checks a print request; returns the issues (empty when valid). Reports errors against the
 * schema of the request's own kind, so paths point at the field, not at the union.
 */
export function checkPrintRequest(value: unknown): SchemaIssue[] {
  if (typeof value !== 'object' || value === null) return [{ path: '', message: 'expected an object' }];
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(kind in kindSchemas)) {
    return [{ path: '/kind', message: `expected one of ${Object.keys(kindSchemas).join(', ')}` }];
  }
  const issues: SchemaIssue[] = [];
  const { lang, data, ...rest } = value as { lang?: unknown; data?: unknown };
  for (const key of Object.keys(rest)) {
    if (key !== 'kind') issues.push({ path: `/${key}`, message: 'unexpected property' });
  }
  if (lang !== 'zh' && lang !== 'en') issues.push({ path: '/lang', message: "expected 'zh' or 'en'" });
  const schema = kindSchemas[kind as keyof typeof kindSchemas];
  for (const error of Value.Errors(schema, data)) {
    issues.push({ path: `/data${error.path}`, message: error.message });
  }
  if (issues.length === 0 && (kind === 'ticket' || kind === 'green-slip')) {
    const wait = (data as TicketPrintInput).waitMinutes;
    if (wait.min > wait.max) issues.push({ path: '/data/waitMinutes/min', message: 'min exceeds max' });
  }
  return issues;
}
