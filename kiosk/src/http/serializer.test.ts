import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { TicketReply } from '@xz/shared/contract/agent-api';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { literalUnionsAsEnums, serialiseLiteralUnionsAsEnums } from './serializer.ts';

describe('reply serialisation', () => {
  it('writes a union of literals as an enum of one type and leaves other unions as they are', () => {
    const schema = Type.Object({
      status: Type.Union([Type.Literal('waiting'), Type.Literal('called')]),
      size: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
      mixed: Type.Union([Type.Literal('a'), Type.Literal(1)]),
      value: Type.Union([Type.String(), Type.Number()]),
      shape: Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Number() })]),
    });
    const out = literalUnionsAsEnums(schema) as { properties: Record<string, Record<string, unknown>> };
    expect(out.properties.status).toMatchObject({ type: 'string', enum: ['waiting', 'called'] });
    expect(out.properties.status.anyOf).toBeUndefined();
    expect(out.properties.size).toMatchObject({ type: 'number', enum: [1, 2] });
    expect(out.properties.mixed.anyOf).toHaveLength(2);
    expect(out.properties.value.anyOf).toHaveLength(2);
    expect(out.properties.shape.anyOf).toHaveLength(2);
    // The contract's own schema is not touched.
    expect((schema.properties.status as { anyOf?: unknown[] }).anyOf).toHaveLength(2);
  });

  it('answers a ticket the same as JSON.stringify would, and refuses nothing the contract allows', async () => {
    const app = Fastify();
    serialiseLiteralUnionsAsEnums(app);
    const ticket = {
      id: 'xhd-lingzhu-01:2026-12-01:tax:001',
      number: 'B001',
      serviceId: 'tax',
      serviceName: { zh: '税务', en: 'Tax' },
      kind: 'green',
      green: {
        groupId: 'elderly',
        name: { zh: '老年人', en: 'Older people' },
        how: 'id-age',
        needsConfirmation: false,
      },
      status: 'waiting',
      issuedAt: 1796164998461,
      issuedAtText: '2026-12-01 09:00',
      ahead: 2,
      estimate: { minMinutes: 5, maxMinutes: 12 },
      counters: ['3'],
      statusUrl: 'http://127.0.0.1/t/x',
      print: { state: 'queued' },
    };
    expect([...Value.Errors(TicketReply, { ticket })]).toEqual([]);
    app.get('/t', { schema: { response: { 200: TicketReply } } }, async () => ({ ticket }));
    const res = await app.inject('/t');
    await app.close();
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ticket });
  });
});
