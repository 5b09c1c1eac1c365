/**
 * Message shapes of the station agent's HTTP and socket.io contract, as the browser apps see them:
 * the `Static<>` types of the contract's schemas (`@xz/shared/contract/*`), imported as types
 * only, so no schema code reaches the pages. Only files in data/ import these wire shapes;
 * components get them through data/ functions.
 */

import type {
  CounterActionResult,
  CounterCommand,
  CounterSession,
  CounterState,
  Explanation,
  GreenCheck,
  GroupInfo,
  Health,
  IssueTicketInput,
  Lang,
  PolicyList,
  QueueSnapshot,
  RatingInput,
  RecentCall,
  RecentNoShow,
  RequestInput as RequestBody,
  RequestReceipt,
  ServiceInfo,
  ShownPolicy,
  Station,
  Text2,
  Ticket,
  WaitingTicket,
} from '@xz/shared/contract/agent-api';
import type { StationEvents } from '@xz/shared/contract/socket-events';
import type { PrinterInfo } from '@xz/shared/contract/states';
import type { PolicyTag } from '@xz/shared/policy/tags';

export { REQUEST_CATEGORIES, type RequestCategory } from '@xz/shared/cases/categories';
export {
  HUB_STATES,
  type HubState,
  PRINTER_STATES,
  type PrinterState,
} from '@xz/shared/contract/state-names';
export type {
  CounterActionResult,
  CounterCommand,
  CounterSession,
  CounterState,
  Explanation,
  GreenCheck,
  GroupInfo,
  Health,
  Lang,
  PolicyList,
  PolicyTag,
  PrinterInfo,
  QueueSnapshot,
  RatingInput,
  RecentCall,
  RecentNoShow,
  RequestReceipt,
  ServiceInfo,
  Station,
  Text2,
  Ticket,
  WaitingTicket,
};

export type OpeningHours = Station['hours'][number];
export type ClosedReason = NonNullable<ServiceInfo['closedReason']>;
export type WaitEstimate = Ticket['estimate'];
/** A ticket's green-channel grant (a check's grant also says why). */
export type GreenGrant = NonNullable<Ticket['green']>;
export type TicketStatus = Ticket['status'];
export type PrintState = NonNullable<Ticket['print']>['state'];
/** A policy as the kiosk shows it. */
export type Policy = ShownPolicy;

export type RatingLevel = 1 | 2 | 3 | 4 | 5;
export type Indicator = keyof NonNullable<RatingInput['indicators']>;
export const INDICATORS: readonly Indicator[] = ['overall', 'efficiency', 'quality', 'attitude'];

/** A request as the citizen fills it in; the retry key is added when it is sent. */
export type RequestInput = Omit<RequestBody, 'idempotencyKey'>;

/** What the kiosk asks for when a ticket is taken; the retry key and language are added when it is sent. */
export type TicketRequest = Pick<IssueTicketInput, 'serviceId' | 'idNumber' | 'creditCode' | 'declaredGroup'>;

/** Server → client socket.io events, one typed map. */
export type LiveEvents = StationEvents;
