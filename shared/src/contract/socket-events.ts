/**
 * The socket.io events of Xiaozhan, one typed map per direction, as TypeBox schemas:
 * - the station agent to its browsers (kiosk, counter console, call display);
 * - the hub to the stations and operators connected to it.
 * Browsers send nothing to the agent, and stations and operators nothing to the hub: those maps
 * are empty, so anything received there is dropped.
 * Receivers check every payload with compiled checkers (`createEventChecks`): types are not
 * validation. A payload that fails its check is dropped and reported, never handled.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { POLICY_ID_PATTERN, STATION_ID_PATTERN } from '../ids.ts';
import { HubStateSchema, PrinterStateSchema } from './states.ts';

const closed = { additionalProperties: false } as const;

// ---------------------------------------------------------------------------------------------
// Station agent → browsers

export const StationEventSchemas = {
  /** The queue changed (a ticket issued, called, finished …): people waiting, in all and by service. */
  'queue-changed': Type.Object(
    {
      waiting: Type.Integer({ minimum: 0 }),
      byService: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    },
    closed,
  ),
  /** A ticket was called (or recalled) to a counter. */
  'ticket-called': Type.Object(
    {
      number: Type.String(),
      counterId: Type.String(),
      green: Type.Boolean(),
      serviceId: Type.String(),
      at: Type.Integer(),
      recall: Type.Boolean(),
    },
    closed,
  ),
  /** The printer's state changed. */
  'printer-status': Type.Object({ type: PrinterStateSchema }, closed),
  /** The link to the hub changed. */
  'hub-status': Type.Object({ type: HubStateSchema }, closed),
  /** The policies shown changed: reload them. */
  'policies-changed': Type.Object({ version: Type.Optional(Type.String()) }, closed),
} as const;

/** Browsers only listen: nothing they send is acted upon. */
export const BrowserEventSchemas = {} as const;

// ---------------------------------------------------------------------------------------------
// Hub → stations and operators

const PolicyIdSchema = Type.String({ pattern: POLICY_ID_PATTERN });

export const HubEventSchemas = {
  /** A new version of a policy is in xz-policies. */
  'policy-published': Type.Object(
    { policyId: PolicyIdSchema, version: Type.Integer({ minimum: 1 }) },
    closed,
  ),
  /** A policy left xz-policies (withdrawn by an operator, or expired). */
  'policy-withdrawn': Type.Object(
    {
      policyId: PolicyIdSchema,
      reason: Type.Union([Type.Literal('withdrawn'), Type.Literal('expired')]),
    },
    closed,
  ),
  /** The policy dictionary (tag labels and synonyms) in xz-policies changed. */
  'policy-tags-changed': Type.Object({ updatedAt: Type.Integer({ minimum: 0 }) }, closed),
  /** A command for one station (sent to that station's sockets only). */
  'station-command': Type.Object(
    {
      stationId: Type.String({ pattern: STATION_ID_PATTERN }),
      command: Type.Union([Type.Literal('test-print')]),
      at: Type.Integer({ minimum: 0 }),
    },
    closed,
  ),
} as const;

/** Stations and operators only listen to the hub's sockets (stations report by replication). */
export const HubClientEventSchemas = {} as const;

// ---------------------------------------------------------------------------------------------
// Types

type Payloads<S extends Record<string, TSchema>> = { [E in keyof S]: Static<S[E]> };
/** socket.io's form of an event map: one listener signature per event. */
export type Listeners<P> = { [E in keyof P]: (payload: P[E]) => void };

export type StationEvents = Payloads<typeof StationEventSchemas>;
export type StationEventName = keyof StationEvents;
export type HubEvents = Payloads<typeof HubEventSchemas>;
export type HubEventName = keyof HubEvents;
/** The hub's policy announcements (to every connected station and operator). */
export type PolicyEventName = Exclude<HubEventName, 'station-command'>;
export type PolicyEvents = Pick<HubEvents, PolicyEventName>;

/** Events the agent sends to its browsers (socket.io server-to-client map). */
export type StationServerEvents = Listeners<StationEvents>;
/** Events browsers send to the agent: none. */
export type StationClientEvents = Record<never, never>;
/** Events the hub sends (socket.io server-to-client map). */
export type HubServerEvents = Listeners<HubEvents>;
/** Events stations and operators send to the hub: none. */
export type HubClientEvents = Record<never, never>;

// ---------------------------------------------------------------------------------------------
// Checks

export interface EventChecks<S extends Record<string, TSchema>> {
  /** The events of the map. */
  readonly names: readonly (keyof S & string)[];
  /** True when `event` is in the map and `payload` matches its schema. */
  is<E extends keyof S & string>(event: E, payload: unknown): payload is Static<S[E]>;
  /** What is wrong with a payload for `event` (empty when it is valid); an unknown event is a problem too. */
  problems(event: string, payload: unknown): string[];
  /**
   * A socket.io listener for `event`: calls `handle` with a valid payload; a payload that fails
   * its check, or a handler that throws, goes to `reject` and nothing else happens.
   */
  listener<E extends keyof S & string>(
    event: E,
    handle: (payload: Static<S[E]>) => void,
    reject: (event: string, problems: string[]) => void,
  ): (payload: unknown) => void;
}

/** Compiles a checker per event of the map, once. */
export function createEventChecks<S extends Record<string, TSchema>>(schemas: S): EventChecks<S> {
  const checkers = new Map<string, TypeCheck<TSchema>>(
    Object.entries(schemas).map(([event, schema]) => [event, TypeCompiler.Compile(schema)]),
  );
  const problems = (event: string, payload: unknown): string[] => {
    const checker = checkers.get(event);
    if (!checker) return [`unknown event ${JSON.stringify(event.slice(0, 64))}`];
    if (checker.Check(payload)) return [];
    return [...checker.Errors(payload)].slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`);
  };
  return {
    names: Object.freeze(Object.keys(schemas)) as readonly (keyof S & string)[],
    is: <E extends keyof S & string>(event: E, payload: unknown): payload is Static<S[E]> =>
      checkers.get(event)?.Check(payload) === true,
    problems,
    listener(event, handle, reject) {
      return (payload: unknown) => {
        const found = problems(event, payload);
        if (found.length > 0) return reject(event, found);
        try {
          handle(payload as Static<S[typeof event]>);
        } catch (error) {
          reject(event, [`handling failed: ${error instanceof Error ? error.message : String(error)}`]);
        }
      };
    },
  };
}
