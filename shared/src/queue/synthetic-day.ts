/**
 * Seeded generator of synthetic days of arrivals (the arrivals file format of replay.ts), for
 * checking calling policies on days other than the recorded one. Same seed, same day.
 */

import type { Arrival, ArrivalsDay } from './replay.ts';
import type { CounterConfig } from './types.ts';

/** A seeded pseudo-random source (mulberry32): `next()` in [0, 1). */
export interface SeededRandom {
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

export function createSeededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
  };
}

export interface SyntheticDayOptions {
  seed: number;
  /** Number of arrivals (default: 130..160, drawn from the seed: a busy day like the recorded one). */
  arrivals?: number;
  /** Share of green-channel arrivals (default: 0.10..0.20, drawn from the seed). */
  greenShare?: number;
  date?: string;
  counters?: CounterConfig[];
}

/** Counters of the demo station (as in shared/data/arrivals-day.json). */
export const demoCounters: readonly CounterConfig[] = [
  { id: '1', services: ['enterprise-registration', 'general', 'policy-consultation'] },
  { id: '2', services: ['tax', 'social-insurance', 'housing-fund', 'general'] },
  { id: '3', services: ['real-estate', 'legal', 'requests', 'general'] },
];

/** Service mix and mean service minutes of a typical station. */
const SERVICE_MIX: readonly (readonly [string, number, number])[] = [
  ['enterprise-registration', 15, 12],
  ['tax', 19, 8],
  ['social-insurance', 19, 7],
  ['real-estate', 9, 15],
  ['housing-fund', 9, 6],
  ['policy-consultation', 9, 10],
  ['legal', 4, 20],
  ['requests', 6, 9],
  ['general', 10, 8],
];

/** Arrivals per hour of the day (relative): morning and afternoon peaks, a lunch dip. */
const HOUR_PROFILE: readonly (readonly [number, number])[] = [
  [8, 6],
  [9, 22],
  [10, 22],
  [11, 12],
  [12, 8],
  [13, 15],
  [14, 21],
  [15, 22],
  [16, 14],
];

const GROUPS = ['elderly', 'mobility', 'military', 'key-enterprise', 'pregnant'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** A synthetic day: arrivals from 08:30 to 17:00, service times log-normal around each service's mean. */
export function syntheticDay(options: SyntheticDayOptions): ArrivalsDay {
  const rnd = createSeededRandom(options.seed);
  const count = options.arrivals ?? rnd.int(130, 160);
  const greenShare = options.greenShare ?? 0.1 + rnd.next() * 0.1;
  const counters = options.counters ?? demoCounters;
  const servedServices = new Set(counters.flatMap((c) => c.services));
  const mix = SERVICE_MIX.filter(([id]) => servedServices.has(id));
  const arrivals: (Arrival & { s: number })[] = [];
  for (let i = 0; i < count; i++) {
    const hour = rnd.weighted(HOUR_PROFILE.map(([h, w]) => [h, w] as const));
    const from = hour === 8 ? 30 * 60 : 0;
    const s = hour * 3600 + from + Math.floor(rnd.next() * (3600 - from));
    const [service, , meanMinutes] = rnd.weighted(mix.map((m) => [m, m[1]] as const));
    const sigma = 0.55;
    const seconds = meanMinutes * 60 * Math.exp(sigma * rnd.normal() - (sigma * sigma) / 2);
    arrivals.push({
      s,
      t: `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`,
      service,
      group: rnd.next() < greenShare ? rnd.pick(GROUPS) : null,
      serviceSeconds: Math.min(5400, Math.max(60, Math.round(seconds))),
    });
  }
  arrivals.sort((a, b) => a.s - b.s);
  return {
    date: options.date ?? '2026-11-24',
    station: 'synthetic',
    counters: counters.map((c) => ({ ...c, services: [...c.services] })),
    arrivals: arrivals.map(({ s: _, ...a }) => a),
  };
}
