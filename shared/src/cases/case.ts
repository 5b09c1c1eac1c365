/**
 * Cases (pure): a request (诉求) or a bad rating (差评) followed to its end on the hub, as a decider.
 * `decide(command, state, context) → events`, `evolve(state, event) → state`; a case document
 * keeps its events and the state folded from them. Time and the actor are passed in.
 *
 * Request (一口进、一口出): received → the department contacts the requester (1 working day) →
 * replies with the answer the citizen reads (3 working days) → closed; one that can be settled at
 * once (能立即办的当天解决) is answered and closed in one step; progress notes at any time;
 * a long-running request needs a progress note every 7 days until closed. The district operator
 * reassigns (分解转办); the citizen rates the handling and may reopen.
 *
 * Bad rating (谁办理、谁负责): the station calls the citizen back (1 working day, configurable),
 * classifies (fixed at once / fix by a date / explained / appealed), notes the rectification,
 * gives feedback to the citizen (5 working days, configurable), and closes; an appeal goes to a
 * district operator who upholds the rating or voids it (a voided rating leaves the satisfaction
 * figures); the citizen may rate again and reopen.
 *
 * One named person answers for a case (谁办理、谁负责): a handler of its department or station
 * takes it, or the district assigns it; from then only that person (and the district) works it.
 *
 * Every clock starts when the hub received the item (or at assignment, or at reopening), never at
 * the kiosk's time, so an item filed while its station was offline is not late on arrival.
 */
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { DomainError, ErrorCode } from '../errors.ts';
import { type Clock, caseDay, type Due, dueOf, endOfDay } from './deadlines.ts';

export type CaseKind = 'request' | 'rating';

export type RequestStatus = 'received' | 'contacted' | 'in-progress' | 'answered' | 'closed';
export type RatingStatus = 'open' | 'called-back' | 'appealed' | 'rectifying' | 'fed-back' | 'closed';
export type CaseStatus = RequestStatus | RatingStatus;

export type ContactChannel = 'phone' | 'sms' | 'visit' | 'other';
export type Classification = 'fixed' | 'fix-by-date' | 'explained' | 'appealed';
export type AppealDecision = 'upheld' | 'voided';
export type CaseRole = 'admin' | 'district-operator' | 'department-handler' | 'station-staff';

/** Deadlines of one kind of case, in working days (set at opening; later changes do not rewrite them). */
export interface RequestDeadlines {
  contactDays: number;
  feedbackDays: number;
}
export interface RatingDeadlines {
  callbackDays: number;
  feedbackDays: number;
}

export const DEFAULT_REQUEST_DEADLINES: RequestDeadlines = { contactDays: 1, feedbackDays: 3 };
export const DEFAULT_RATING_DEADLINES: RatingDeadlines = { callbackDays: 1, feedbackDays: 5 };
/** The closing note of a request settled at once (当场办结), in both languages. */
export const RESOLVED_AT_ONCE_NOTE = '当场办结 Settled at once';
/** A long-running request needs a progress note this often (calendar days). */
export const PROGRESS_EVERY_DAYS = 7;

export type CaseEvent =
  | {
      type: 'CaseOpened';
      data: {
        kind: CaseKind;
        sourceId: string;
        stationId: string;
        kioskAt: number;
        receivedAt: number;
        /** Request: its public number, category and the department it is routed to. */
        number?: string;
        category?: string;
        department?: string;
        /** Rating: its level (1–2) and service. */
        level?: number;
        serviceId?: string;
        deadlines: RequestDeadlines | RatingDeadlines;
      };
    }
  | { type: 'CaseReassigned'; data: { department: string; note?: string; by: string; at: number } }
  | { type: 'CaseAssigned'; data: { to: string; by: string; at: number } }
  | { type: 'RequesterContacted'; data: { channel: ContactChannel; note: string; by: string; at: number } }
  | { type: 'ReplyGiven'; data: { text: string; by: string; at: number } }
  | { type: 'ProgressNoted'; data: { note: string; by: string; at: number } }
  | { type: 'MarkedLongRunning'; data: { note: string; by: string; at: number } }
  | { type: 'CitizenCalledBack'; data: { channel: ContactChannel; note: string; by: string; at: number } }
  | {
      type: 'RatingClassified';
      data: { classification: Classification; fixBy?: string; note: string; by: string; at: number };
    }
  | { type: 'RectificationNoted'; data: { note: string; by: string; at: number } }
  | { type: 'FeedbackGiven'; data: { text: string; by: string; at: number } }
  | { type: 'AppealDecided'; data: { decision: AppealDecision; note: string; by: string; at: number } }
  | { type: 'CitizenRated'; data: { level: number; comment?: string; at: number } }
  | { type: 'CaseClosed'; data: { note?: string; by: string; at: number } }
  | { type: 'CaseReopened'; data: { reason: string; by: string; at: number } };

export type CaseCommand =
  | { type: 'Reassign'; department: string; note?: string }
  /** The actor answers for the case from now on. */
  | { type: 'Take' }
  /** The district names who answers for the case (a handler of its department or station). */
  | { type: 'Assign'; to: string }
  | { type: 'RecordContact'; channel: ContactChannel; note: string }
  | { type: 'Reply'; text: string }
  /** Settled at once (当场办结): the answer the citizen reads, and the request closed with it. */
  | { type: 'ResolveAtOnce'; text: string }
  | { type: 'NoteProgress'; note: string }
  | { type: 'MarkLongRunning'; note: string }
  | { type: 'CallBack'; channel: ContactChannel; note: string }
  | { type: 'Classify'; classification: Classification; fixBy?: string; note: string }
  | { type: 'NoteRectification'; note: string }
  | { type: 'GiveFeedback'; text: string }
  | { type: 'DecideAppeal'; decision: AppealDecision; note: string }
  | { type: 'CitizenRate'; level: number; comment?: string }
  | { type: 'Close'; note?: string }
  | { type: 'Reopen'; reason: string };

export type CaseCommandType = CaseCommand['type'];

/** The audit log's code of a command on a case: `Reply` → `case.reply`, `NoteProgress` → `case.note-progress`. */
export function caseAuditAction(type: CaseCommandType): string {
  return `case.${type.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`))}`;
}

export interface CaseState {
  kind: CaseKind;
  sourceId: string;
  stationId: string;
  kioskAt: number;
  receivedAt: number;
  number?: string;
  category?: string;
  department?: string;
  level?: number;
  serviceId?: string;
  deadlines: RequestDeadlines | RatingDeadlines;
  status: CaseStatus;
  /** The person who answers for the case (谁办理、谁负责), once one took it or was assigned. */
  assignee?: string;
  /** When the current handling round began (receipt, assignment or reopening): clocks start here. */
  roundFrom: number;
  contactedAt?: number;
  repliedAt?: number;
  reply?: string;
  longRunning: boolean;
  lastProgressAt?: number;
  calledBackAt?: number;
  classification?: Classification;
  fixBy?: string;
  rectifiedAt?: number;
  fedBackAt?: number;
  feedback?: string;
  appeal?: { decision: AppealDecision; by: string; at: number };
  voided: boolean;
  citizenLevel?: number;
  closedAt?: number;
  reopenCount: number;
}

export interface CaseContext {
  at: number;
  /** Who acts: an operator's user name, or `citizen`. */
  by: string;
  /** The roles of the actor (empty for the citizen). */
  roles: readonly CaseRole[];
  /** The department of a department handler. */
  department?: string;
  /** The station of a station-staff operator. */
  stationId?: string;
}

const refuse = (message: string, reason: string, messageZh: string): DomainError =>
  new DomainError(ErrorCode.Conflict, message, { reason, messageZh });
const forbid = (message: string, messageZh: string): DomainError =>
  new DomainError(ErrorCode.Forbidden, message, { reason: 'role', messageZh });

/** The state a case starts in, from its opening event. */
export function openCase(event: Extract<CaseEvent, { type: 'CaseOpened' }>): CaseState {
  const d = event.data;
  return {
    kind: d.kind,
    sourceId: d.sourceId,
    stationId: d.stationId,
    kioskAt: d.kioskAt,
    receivedAt: d.receivedAt,
    ...(d.number !== undefined ? { number: d.number } : {}),
    ...(d.category !== undefined ? { category: d.category } : {}),
    ...(d.department !== undefined ? { department: d.department } : {}),
    ...(d.level !== undefined ? { level: d.level } : {}),
    ...(d.serviceId !== undefined ? { serviceId: d.serviceId } : {}),
    deadlines: d.deadlines,
    status: d.kind === 'request' ? 'received' : 'open',
    roundFrom: d.receivedAt,
    longRunning: false,
    voided: false,
    reopenCount: 0,
  };
}

/** Folds the events of a case (the first must be `CaseOpened`). */
export function foldCase(events: readonly CaseEvent[]): CaseState {
  const [first, ...rest] = events;
  if (first?.type !== 'CaseOpened') throw new Error('a case starts with CaseOpened');
  return rest.reduce(evolve, openCase(first));
}

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return openCase(event);
    case 'CaseReassigned': {
      // The new department's clocks start at assignment for the steps not yet done; its own
      // handler will answer for it.
      const { assignee: _previous, ...rest } = state;
      return { ...rest, department: event.data.department, roundFrom: event.data.at };
    }
    case 'CaseAssigned':
      return { ...state, assignee: event.data.to };
    case 'RequesterContacted':
      return {
        ...state,
        contactedAt: event.data.at,
        status: state.status === 'received' ? 'contacted' : state.status,
      };
    case 'ReplyGiven':
      return { ...state, repliedAt: event.data.at, reply: event.data.text, status: 'answered' };
    case 'ProgressNoted':
      return {
        ...state,
        lastProgressAt: event.data.at,
        status: state.status === 'received' || state.status === 'contacted' ? 'in-progress' : state.status,
      };
    case 'MarkedLongRunning':
      return { ...state, longRunning: true, lastProgressAt: event.data.at, status: 'in-progress' };
    case 'CitizenCalledBack':
      return { ...state, calledBackAt: event.data.at, status: 'called-back' };
    case 'RatingClassified': {
      const { classification, fixBy } = event.data;
      return {
        ...state,
        classification,
        ...(fixBy !== undefined ? { fixBy } : {}),
        status:
          classification === 'appealed'
            ? 'appealed'
            : classification === 'fix-by-date'
              ? 'rectifying'
              : state.status,
      };
    }
    case 'RectificationNoted':
      return {
        ...state,
        rectifiedAt: event.data.at,
        status: state.status === 'rectifying' ? 'called-back' : state.status,
      };
    case 'FeedbackGiven':
      return { ...state, fedBackAt: event.data.at, feedback: event.data.text, status: 'fed-back' };
    case 'AppealDecided': {
      const { decision, by, at } = event.data;
      return {
        ...state,
        appeal: { decision, by, at },
        voided: decision === 'voided',
        status: decision === 'voided' ? 'closed' : 'called-back',
        ...(decision === 'voided' ? { closedAt: at } : {}),
      };
    }
    case 'CitizenRated':
      return { ...state, citizenLevel: event.data.level };
    case 'CaseClosed':
      return { ...state, status: 'closed', closedAt: event.data.at };
    case 'CaseReopened': {
      const { closedAt: _closed, ...open } = state;
      return {
        ...open,
        status: state.kind === 'request' ? 'in-progress' : 'called-back',
        roundFrom: event.data.at,
        reopenCount: state.reopenCount + 1,
        // A new round needs a new answer.
        ...(state.kind === 'request' ? { repliedAt: undefined } : { fedBackAt: undefined }),
      };
    }
    default: {
      const never: never = event;
      throw new Error(`unknown case event ${JSON.stringify(never)}`);
    }
  }
}

const HANDLER_ROLES: readonly CaseRole[] = ['admin', 'district-operator'];

/** Whether the actor handles cases of this kind where this one is (its department, its station). */
function ofTheCase(state: CaseState, ctx: CaseContext): boolean {
  if (state.kind === 'request') {
    return (
      ctx.roles.includes('department-handler') &&
      ctx.department !== undefined &&
      ctx.department === state.department
    );
  }
  return ctx.roles.includes('station-staff') && ctx.stationId === state.stationId;
}

/**
 * Whether the actor may work this case: the district always; otherwise a handler of its department
 * or station, and once someone answers for it, only that person.
 */
function mayHandle(state: CaseState, ctx: CaseContext): boolean {
  if (ctx.roles.some((r) => HANDLER_ROLES.includes(r))) return true;
  return ofTheCase(state, ctx) && (state.assignee === undefined || state.assignee === ctx.by);
}

/** Fields of case actions, in Chinese, for the messages. */
const FIELD_ZH: Readonly<Record<string, string>> = { note: '说明', text: '答复内容', reason: '原因' };

const text = (value: string, field: string, max = 2000): string => {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > max) {
    throw new DomainError(ErrorCode.Validation, `${field} must be 1–${max} characters`, {
      field,
      messageZh: `${FIELD_ZH[field] ?? field}应为 1–${max} 个字符。`,
    });
  }
  return trimmed;
};

/** What a command on a case decides, or why not (403 wrong role, 409 wrong state, 400 bad input). */
export function decide(command: CaseCommand, state: CaseState, ctx: CaseContext): CaseEvent[] {
  const { at, by } = ctx;
  const closed = state.status === 'closed';
  const open = () => {
    if (closed) throw refuse('This case is closed.', 'closed', '此办件已办结。');
  };
  const handler = () => {
    if (!mayHandle(state, ctx))
      throw forbid('This case is handled by another department or station.', '此办件由其他部门或站点办理。');
  };
  const kind = (k: CaseKind) => {
    if (state.kind !== k)
      throw refuse(
        `This action is for ${k} cases.`,
        'kind',
        k === 'request' ? '此操作仅用于诉求办件。' : '此操作仅用于差评办件。',
      );
  };
  switch (command.type) {
    case 'Reassign': {
      kind('request');
      open();
      if (!ctx.roles.some((r) => HANDLER_ROLES.includes(r)))
        throw forbid('Only the district office reassigns.', '只有区级运营人员可以转办。');
      if (command.department === state.department)
        throw refuse('The case is already with that department.', 'same', '此办件已在该部门。');
      const note = command.note?.trim();
      return [
        {
          type: 'CaseReassigned',
          data: { department: command.department, ...(note ? { note } : {}), by, at },
        },
      ];
    }
    case 'Take': {
      open();
      if (!ofTheCase(state, ctx))
        throw forbid(
          'This case is handled by another department or station.',
          '此办件由其他部门或站点办理。',
        );
      if (state.assignee === by)
        throw refuse('You already answer for this case.', 'same', '您已是此办件的负责人。');
      if (state.assignee !== undefined)
        throw refuse(
          `${state.assignee} answers for this case; the district office can assign it.`,
          'taken',
          `此办件由 ${state.assignee} 负责；如需更换，请区级运营人员指定。`,
        );
      return [{ type: 'CaseAssigned', data: { to: by, by, at } }];
    }
    case 'Assign': {
      open();
      if (!ctx.roles.some((r) => HANDLER_ROLES.includes(r)))
        throw forbid('Only the district office assigns.', '只有区级运营人员可以指定负责人。');
      const to = command.to.trim();
      if (!/^[a-z][a-z0-9._-]{2,31}$/.test(to))
        throw new DomainError(ErrorCode.Validation, 'to: a user name', {
          field: 'to',
          messageZh: '负责人应为用户名。',
        });
      if (to === state.assignee)
        throw refuse(`${to} already answers for this case.`, 'same', `${to} 已是此办件的负责人。`);
      return [{ type: 'CaseAssigned', data: { to, by, at } }];
    }
    case 'RecordContact':
      kind('request');
      open();
      handler();
      return [
        {
          type: 'RequesterContacted',
          data: { channel: command.channel, note: text(command.note, 'note'), by, at },
        },
      ];
    case 'Reply':
      kind('request');
      open();
      handler();
      return [{ type: 'ReplyGiven', data: { text: text(command.text, 'text', 4000), by, at } }];
    case 'ResolveAtOnce': {
      kind('request');
      open();
      handler();
      if (state.repliedAt !== undefined)
        throw refuse('The request is already answered: close it.', 'order', '此诉求已答复，请直接办结。');
      const answer = text(command.text, 'text', 4000);
      return [
        { type: 'ReplyGiven', data: { text: answer, by, at } },
        { type: 'CaseClosed', data: { note: RESOLVED_AT_ONCE_NOTE, by, at } },
      ];
    }
    case 'NoteProgress':
      kind('request');
      open();
      handler();
      return [{ type: 'ProgressNoted', data: { note: text(command.note, 'note'), by, at } }];
    case 'MarkLongRunning':
      kind('request');
      open();
      handler();
      if (state.longRunning)
        throw refuse('The request is already long-running.', 'same', '此诉求已转为长期推进。');
      return [{ type: 'MarkedLongRunning', data: { note: text(command.note, 'note'), by, at } }];
    case 'CallBack':
      kind('rating');
      open();
      handler();
      return [
        {
          type: 'CitizenCalledBack',
          data: { channel: command.channel, note: text(command.note, 'note'), by, at },
        },
      ];
    case 'Classify': {
      kind('rating');
      open();
      handler();
      if (state.calledBackAt === undefined)
        throw refuse('Call the citizen back before classifying.', 'order', '请先回访群众，再分类处置。');
      if (state.status === 'appealed')
        throw refuse('The appeal is waiting for the district office.', 'appealed', '申诉正等待区级裁定。');
      if (state.appeal !== undefined && command.classification === 'appealed') {
        throw refuse('This rating was already appealed and reviewed.', 'appealed', '此评价已申诉并复核。');
      }
      const fixBy = command.classification === 'fix-by-date' ? command.fixBy : undefined;
      if (
        command.classification === 'fix-by-date' &&
        (fixBy === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(fixBy) || fixBy < caseDay(at))
      ) {
        throw new DomainError(ErrorCode.Validation, 'Fixing by a date needs a date from today on.', {
          field: 'fixBy',
          messageZh: '限期整改需要今天或以后的日期。',
        });
      }
      return [
        {
          type: 'RatingClassified',
          data: {
            classification: command.classification,
            ...(fixBy ? { fixBy } : {}),
            note: text(command.note, 'note'),
            by,
            at,
          },
        },
      ];
    }
    case 'NoteRectification':
      kind('rating');
      open();
      handler();
      if (state.status === 'appealed')
        throw refuse('The appeal is waiting for the district office.', 'appealed', '申诉正等待区级裁定。');
      return [{ type: 'RectificationNoted', data: { note: text(command.note, 'note'), by, at } }];
    case 'GiveFeedback':
      kind('rating');
      open();
      handler();
      if (state.calledBackAt === undefined)
        throw refuse('Call the citizen back first.', 'order', '请先回访群众。');
      if (state.status === 'appealed')
        throw refuse('The appeal is waiting for the district office.', 'appealed', '申诉正等待区级裁定。');
      return [{ type: 'FeedbackGiven', data: { text: text(command.text, 'text', 4000), by, at } }];
    case 'DecideAppeal': {
      kind('rating');
      if (state.status !== 'appealed')
        throw refuse('There is no appeal to decide.', 'state', '没有待裁定的申诉。');
      if (!ctx.roles.some((r) => HANDLER_ROLES.includes(r)))
        throw forbid('Only the district office decides appeals.', '只有区级运营人员可以裁定申诉。');
      return [
        {
          type: 'AppealDecided',
          data: { decision: command.decision, note: text(command.note, 'note'), by, at },
        },
      ];
    }
    case 'CitizenRate': {
      if (!Number.isInteger(command.level) || command.level < 1 || command.level > 5) {
        throw new DomainError(ErrorCode.Validation, 'The rating is 1 to 5.', {
          field: 'level',
          messageZh: '评价应为 1 到 5。',
        });
      }
      const answered =
        state.kind === 'request' ? state.repliedAt !== undefined : state.fedBackAt !== undefined;
      if (!answered && !closed)
        throw refuse(
          'The handling can be rated once it has been answered.',
          'order',
          '答复后才能评价办理情况。',
        );
      const comment = command.comment?.trim();
      return [
        {
          type: 'CitizenRated',
          data: { level: command.level, ...(comment ? { comment: comment.slice(0, 500) } : {}), at },
        },
      ];
    }
    case 'Close': {
      open();
      handler();
      const answered =
        state.kind === 'request' ? state.repliedAt !== undefined : state.fedBackAt !== undefined;
      if (!answered) throw refuse('Answer the citizen before closing.', 'order', '请先答复群众，再办结。');
      const note = command.note?.trim();
      return [{ type: 'CaseClosed', data: { ...(note ? { note } : {}), by, at } }];
    }
    case 'Reopen': {
      if (state.voided) throw refuse('The rating was voided on appeal.', 'voided', '此评价已在申诉中作废。');
      const answered =
        state.kind === 'request' ? state.repliedAt !== undefined : state.fedBackAt !== undefined;
      if (!closed && !answered)
        throw refuse('The case is still being handled.', 'state', '此办件仍在办理中。');
      return [{ type: 'CaseReopened', data: { reason: text(command.reason, 'reason'), by, at } }];
    }
    default: {
      const never: never = command;
      throw new Error(`unknown case command ${JSON.stringify(never)}`);
    }
  }
}

// ── deadlines and lights ────────────────────────────────────────────────────────────────────

export type DueName = 'contactBy' | 'feedbackBy' | 'progressBy' | 'callbackBy' | 'fixBy';
export type Light = 'green' | 'yellow' | 'red' | 'none';

export interface CaseDues {
  /** Every deadline of the case (met or not). */
  dues: Partial<Record<DueName, Due & { met: boolean }>>;
  light: Light;
  provisional: boolean;
}

/** The deadlines of a case and its light at `now`. */
export function duesOf(state: CaseState, calendar: WorkingCalendar, now: number): CaseDues {
  const dues: CaseDues['dues'] = {};
  const at = (clock: Clock) => dueOf(calendar, clock);
  if (state.kind === 'request') {
    const d = state.deadlines as RequestDeadlines;
    // Not yet contacted: the clock runs from the current assignment (receipt, or reassignment).
    const contactFrom = state.contactedAt === undefined ? state.roundFrom : state.receivedAt;
    dues.contactBy = {
      ...at({ from: contactFrom, workingDays: d.contactDays }),
      met: state.contactedAt !== undefined,
    };
    dues.feedbackBy = {
      ...at({ from: state.roundFrom, workingDays: d.feedbackDays }),
      met: state.repliedAt !== undefined,
    };
    if (state.longRunning && state.lastProgressAt !== undefined) {
      dues.progressBy = {
        ...at({ from: state.lastProgressAt, calendarDays: PROGRESS_EVERY_DAYS }),
        met: state.status === 'closed',
      };
      // A long-running request is answered over time: its progress notes keep it on time.
      dues.feedbackBy.met = true;
    }
  } else {
    const d = state.deadlines as RatingDeadlines;
    dues.callbackBy = {
      ...at({ from: state.receivedAt, workingDays: d.callbackDays }),
      met: state.calledBackAt !== undefined,
    };
    dues.feedbackBy = {
      ...at({ from: state.roundFrom, workingDays: d.feedbackDays }),
      met: state.fedBackAt !== undefined || state.voided,
    };
    if (state.fixBy !== undefined)
      dues.fixBy = { ...endOfDay(state.fixBy), met: state.rectifiedAt !== undefined };
  }
  const pending = Object.values(dues).filter((d) => d !== undefined && !d.met) as Due[];
  const provisional = Object.values(dues).some((d) => d?.provisional === true);
  if (state.status === 'closed') return { dues, light: 'none', provisional };
  const today = caseDay(now);
  const light: Light = pending.some((d) => d.at <= now)
    ? 'red'
    : pending.some((d) => d.day === today)
      ? 'yellow'
      : 'green';
  return { dues, light, provisional };
}

/** The stage the citizen reads on the phone page (受理, 已联系, 办理中, 已答复, 已办结). */
export type CitizenStage = 'received' | 'contacted' | 'in-progress' | 'answered' | 'closed';

export function citizenStage(state: CaseState): CitizenStage {
  switch (state.status) {
    case 'received':
    case 'open':
      return 'received';
    case 'contacted':
    case 'called-back':
      return 'contacted';
    case 'in-progress':
    case 'appealed':
    case 'rectifying':
      return 'in-progress';
    case 'answered':
    case 'fed-back':
      return 'answered';
    case 'closed':
      return 'closed';
    default: {
      const never: never = state.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}
