import type { Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { PrinterState as DocPrinterState } from '../docs/station-status.ts';
import type { CallRule, Explanation, GreenHow, TicketStatus } from '../queue/types.ts';
import {
  AGENT_ROUTES,
  type CALL_RULES,
  type ExplanationSchema,
  type GREEN_HOWS,
  type TICKET_STATUSES,
} from './agent-api.ts';
import { createEventChecks, HubEventSchemas, StationEventSchemas } from './socket-events.ts';
import type { HubState, PrinterState, PrinterStateSchema } from './states.ts';

describe('the contract', () => {
  it('names the domain’s own unions, not copies that can drift', () => {
    expectTypeOf<(typeof CALL_RULES)[number]>().toEqualTypeOf<CallRule>();
    expectTypeOf<(typeof GREEN_HOWS)[number]>().toEqualTypeOf<GreenHow>();
    expectTypeOf<(typeof TICKET_STATUSES)[number]>().toEqualTypeOf<TicketStatus>();
    expectTypeOf<Explanation>().toMatchTypeOf<Static<typeof ExplanationSchema>>();
    expectTypeOf<Static<typeof PrinterStateSchema>>().toEqualTypeOf<PrinterState>();
    expectTypeOf<DocPrinterState>().toEqualTypeOf<PrinterState>();
    expectTypeOf<HubState>().toEqualTypeOf<'online' | 'offline' | 'disabled'>();
  });

  it('has schemas for every route that compile into checkers', () => {
    const seen = new Set<string>();
    for (const route of AGENT_ROUTES) {
      const key = `${route.method} ${route.url}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      for (const schema of Object.values(route.replies))
        expect(() => TypeCompiler.Compile(schema)).not.toThrow();
    }
    expect(seen.size).toBeGreaterThanOrEqual(25);
  });
});

describe('socket event checks', () => {
  const station = createEventChecks(StationEventSchemas);
  const hub = createEventChecks(HubEventSchemas);

  it('accept a payload of the map and name what is wrong with any other', () => {
    expect(station.is('printer-status', { type: 'paper-out' })).toBe(true);
    expect(station.problems('printer-status', { type: 'on-fire' })).not.toEqual([]);
    expect(station.problems('queue-changed', { waiting: -1, byService: {} })).not.toEqual([]);
    expect(hub.problems('policy-published', { policyId: 'tax-relief', version: 2 })).toEqual([]);
    expect(hub.problems('policy-published', { policyId: 'x'.repeat(200), version: 2 })).not.toEqual([]);
    expect(hub.problems('station-command', { stationId: 'st-a', command: 'format-disk', at: 1 })).not.toEqual(
      [],
    );
    expect(hub.problems('no-such-event', {})).toEqual(['unknown event "no-such-event"']);
  });

  it('give a listener that hands on valid payloads only, and never throws', () => {
    const handled = vi.fn();
    const rejected = vi.fn();
    const listen = hub.listener('policy-tags-changed', handled, rejected);
    listen({ updatedAt: 5 });
    listen({ updatedAt: 'soon' });
    listen(undefined);
    expect(handled).toHaveBeenCalledTimes(1);
    expect(rejected).toHaveBeenCalledTimes(2);
    const failing = hub.listener(
      'policy-tags-changed',
      () => {
        throw new Error('boom');
      },
      rejected,
    );
    expect(() => failing({ updatedAt: 1 })).not.toThrow();
    expect(rejected).toHaveBeenLastCalledWith('policy-tags-changed', ['handling failed: boom']);
  });
});
