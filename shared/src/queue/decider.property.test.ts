import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { defaultCallingPolicy } from './calling.ts';
import { decide, evolve, initialState } from './decider.ts';
import { sampleStationConfig, stationAt } from './testing.ts';
import type {
  CounterConfig,
  QueueCommand,
  QueueEvent,
  QueueState,
  StationQueueConfig,
  TicketView,
} from './types.ts';

type Step =
  | { op: 'issue'; service: 'tax' | 'social' | 'legal'; green: boolean; gap: number }
  | { op: 'call' | 'finish' | 'recall' | 'noShow'; counter: '1' | '2' | '3'; gap: number }
  | { op: 'transfer'; counter: '1' | '2' | '3'; to: 'tax' | 'social' | 'legal'; front: boolean; gap: number }
  | { op: 'cancel'; pick: number; gap: number };

const counterArb = fc.constantFrom('1' as const, '2' as const, '3' as const);
const serviceArb = fc.constantFrom('tax' as const, 'social' as const, 'legal' as const);
const gapArb = fc.integer({ min: 0, max: 15 * 60_000 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('issue' as const),
      service: serviceArb,
      green: fc.boolean(),
      gap: gapArb,
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('call' as const), counter: counterArb, gap: gapArb }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('finish' as const), counter: counterArb, gap: gapArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('recall' as const, 'noShow' as const),
      counter: counterArb,
      gap: gapArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('transfer' as const),
      counter: counterArb,
      to: serviceArb,
      front: fc.boolean(),
      gap: gapArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat(), gap: gapArb }) },
);

const configArb: fc.Arbitrary<StationQueueConfig> = fc
  .record({
    kind: fc.constantFrom('default' as const, 'default' as const, 'fifo' as const, 'strict' as const),
    headStart: fc.integer({ min: 0, max: 60 }),
    quota: fc.integer({ min: 1, max: 4 }),
    aging: fc.integer({ min: 5, max: 60 }),
    reserved1: fc.constantFrom(undefined, 'green' as const, 'normal' as const),
    overnight: fc.boolean(),
  })
  .map((p) => {
    const counters: CounterConfig[] = [
      { id: '1', services: ['tax', 'social'], ...(p.reserved1 ? { reserved: p.reserved1 } : {}) },
      { id: '2', services: ['tax', 'social', 'legal'] },
      { id: '3', services: ['legal'] },
    ];
    return sampleStationConfig({
      counters,
      hours: [{ days: 'mon-sun', from: '00:00', to: '24:00' }],
      calling: {
        kind: p.kind,
        greenHeadStartMinutes: p.headStart,
        greenQuota: p.quota,
        maxExtraWaitMinutes: p.aging,
      },
    });
  });

function toCommand(step: Step, at: number, state: QueueState): QueueCommand {
  const by = 'staff';
  switch (step.op) {
    case 'issue':
      return {
        type: 'IssueTicket',
        data: {
          serviceId: step.service,
          at,
          ...(step.green
            ? { green: { groupId: 'elderly', how: 'id-age' as const, needsConfirmation: false } }
            : {}),
        },
      };
    case 'call':
      return { type: 'CallNext', data: { counterId: step.counter, at, by } };
    case 'finish':
      return { type: 'Finish', data: { counterId: step.counter, at, by } };
    case 'recall':
      return { type: 'Recall', data: { counterId: step.counter, at, by } };
    case 'noShow':
      return { type: 'MarkNoShow', data: { counterId: step.counter, at, by } };
    case 'transfer':
      return {
        type: 'Transfer',
        data: {
          counterId: step.counter,
          toServiceId: step.to,
          position: step.front ? 'front' : 'back',
          at,
          by,
        },
      };
    case 'cancel': {
      const ids = [...state.tickets.keys()].sort();
      return {
        type: 'CancelTicket',
        data: { ticketId: ids[step.pick % Math.max(1, ids.length)] ?? 'none', reason: 'left', at, by },
      };
    }
    default: {
      const never: never = step;
      throw new Error(`unknown step ${String(never)}`);
    }
  }
}

function waitingFor(state: QueueState, counter: CounterConfig): TicketView[] {
  return [...state.tickets.values()].filter(
    (t) => t.status === 'waiting' && counter.services.includes(t.serviceId),
  );
}

/** Checks the calling rules for one automatic call, from the state it was decided on. */
function checkCall(state: QueueState, event: Extract<QueueEvent, { type: 'TicketCalled' }>): void {
  const policy = state.config.calling;
  const counter = state.config.counters.find((c) => c.id === event.data.counterId)!;
  const at = event.data.at;
  const called = state.tickets.get(event.data.ticketId)!;
  const candidates = waitingFor(state, counter);
  expect(candidates.map((t) => t.id)).toContain(called.id);
  if (candidates.some((t) => t.front)) {
    expect(called.front).toBe(true);
    return;
  }
  if (counter.reserved && candidates.some((t) => t.kind === counter.reserved)) {
    expect(called.kind).toBe(counter.reserved);
    return;
  }
  const normals = candidates.filter((t) => t.kind === 'normal');
  const passesNormal = called.kind === 'green' && normals.some((n) => n.queuedAt < called.queuedAt);
  if (policy.kind === 'fifo') expect(candidates.every((t) => t.queuedAt >= called.queuedAt)).toBe(true);
  if (policy.kind === 'strict' && candidates.some((t) => t.kind === 'green'))
    expect(called.kind).toBe('green');
  if (policy.kind !== 'default') return;
  // quota: after N green calls in a row, a green may not pass a waiting normal ticket
  if (state.greenStreak >= policy.greenQuota) expect(passesNormal).toBe(false);
  // aging: no green passes a normal ticket that waited longer than the limit
  const aged = normals.some((n) => at - n.queuedAt > policy.maxExtraWaitMinutes * 60_000);
  if (aged) expect(passesNormal).toBe(false);
  // head start: a normal ticket is called only if no green is within its head start of it
  if (called.kind === 'normal' && !aged && state.greenStreak < policy.greenQuota) {
    const head = policy.greenHeadStartMinutes * 60_000;
    expect(
      candidates.some(
        (g) => g.kind === 'green' && g.queuedAt - head <= called.queuedAt && g.queuedAt > called.queuedAt,
      ),
    ).toBe(false);
  }
}

function run(config: StationQueueConfig, steps: readonly Step[]) {
  let state = initialState(config);
  let at = stationAt('08:00');
  const events: QueueEvent[] = [];
  const apply = (command: QueueCommand): QueueEvent[] => {
    let produced: QueueEvent[];
    try {
      produced = decide(command, state);
    } catch (e) {
      if (e instanceof DomainError) return [];
      throw e;
    }
    for (const e of produced) {
      if (e.type === 'TicketCalled' && command.type === 'CallNext') checkCall(state, e);
      const before = JSON.stringify(state);
      const next = evolve(state, e);
      expect(JSON.stringify(state)).toBe(before);
      state = next;
    }
    events.push(...produced);
    return produced;
  };
  steps.forEach((step) => {
    at += step.gap;
    apply(toCommand(step, at, state));
  });
  // Counters keep working until nobody waits.
  for (let round = 0; round < 10_000; round++) {
    const open = [...state.tickets.values()].some((t) => t.status === 'waiting' || t.status === 'called');
    if (!open) break;
    at += 60_000;
    for (const c of config.counters) {
      const busy = state.counters[c.id]?.currentTicketId !== undefined;
      apply({ type: busy ? 'Finish' : 'CallNext', data: { counterId: c.id, at, by: 'staff' } });
    }
  }
  return { state, events };
}

describe('queue decider properties', () => {
  it('never issues a number twice per station, service and day', () => {
    fc.assert(
      fc.property(configArb, fc.array(stepArb, { maxLength: 120 }), (config, steps) => {
        const { events } = run(config, steps);
        const seen = new Set<string>();
        for (const e of events) {
          if (e.type !== 'TicketIssued') continue;
          const key = `${e.data.stationId}|${e.data.serviceId}|${e.data.day}|${e.data.number}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('ends every ticket served, no-show or cancelled when counters keep working, and keeps the calling rules', () => {
    fc.assert(
      fc.property(configArb, fc.array(stepArb, { maxLength: 150 }), (config, steps) => {
        const { state } = run(config, steps);
        for (const t of state.tickets.values())
          expect(['served', 'no-show', 'cancelled']).toContain(t.status);
        for (const c of Object.values(state.counters)) expect(c.currentTicketId).toBeUndefined();
        for (const ids of Object.values(state.waiting)) expect(ids.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('numbers stay unique across day boundaries in station time', () => {
    const config = sampleStationConfig({
      hours: [{ days: 'mon-sun', from: '00:00', to: '24:00' }],
      calling: defaultCallingPolicy,
    });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * 3600_000 }), { minLength: 1, maxLength: 80 }),
        (gaps) => {
          let state = initialState(config);
          let at = stationAt('22:00');
          const seen = new Set<string>();
          gaps.forEach((gap) => {
            at += gap;
            const events = decide({ type: 'IssueTicket', data: { serviceId: 'tax', at } }, state);
            for (const e of events) {
              if (e.type === 'TicketIssued') {
                const key = `${e.data.day}|${e.data.number}`;
                expect(seen.has(key)).toBe(false);
                seen.add(key);
              }
              state = evolve(state, e);
            }
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
