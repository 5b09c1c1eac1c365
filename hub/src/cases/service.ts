/**
 * Cases on the hub: one document per request and per bad rating (level 1–2) in the hub-only
 * database `xz-hub-cases`, written by the hub alone (`case:{sourceId}`: the station's own
 * document stays as it is). A case holds its events; its state is folded from them by the shared
 * decider, and its deadlines and light are computed when read, from the calendar of the moment
 * (so a deadline computed on Monday–Friday for a year not yet loaded is corrected once it is).
 *
 * Opening is idempotent (the id is fixed by the source document; delivery is at least once) and
 * records when the hub received the item; every clock starts there. Actions are decided on the
 * stored state and written with the document's revision: of two concurrent actions one is decided
 * again on the other's result.
 */
import type { WorkingCalendar } from '@xz/shared/calendar/calendar';
import {
  type CaseCommand,
  type CaseEvent,
  type CaseRole,
  type CaseState,
  caseAuditAction,
  citizenStage,
  decide,
  duesOf,
  evolve,
  foldCase,
  type Light,
} from '@xz/shared/cases/case';
import {
  type CaseSettings,
  DEFAULT_CASE_SETTINGS,
  isRequestCategory,
  parseCaseSettings,
} from '@xz/shared/cases/settings';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { HubDb, parseRequestNumber, requestId, stationDbName } from '@xz/shared/ids';
import type { AuditLog } from '../audit/audit.ts';
import { type CouchClient, statusOf } from '../couch/client.ts';
import type { Operator } from '../users/roles.ts';

export const CASE_SETTINGS_ID = 'case-settings';
const CASE_PREFIX = 'case:';

export interface CaseDoc {
  _id: string;
  _rev?: string;
  type: 'case';
  events: CaseEvent[];
  /** Folded from `events` (kept for listing without folding every case). */
  state: CaseState;
  updatedAt: number;
}

interface SettingsDoc extends CaseSettings {
  _id: string;
  _rev?: string;
  type: 'case-settings';
  updatedAt?: number;
  updatedBy?: string;
}

export interface CaseFilter {
  kind?: 'request' | 'rating';
  light?: Light;
  department?: string;
  stationId?: string;
  /** Closed cases too (default: open ones only). */
  closed?: boolean;
}

/** A case as the API shows it (instants as ISO 8601 with the station offset). */
export interface CaseView {
  caseId: string;
  kind: 'request' | 'rating';
  number?: string;
  ratingId?: string;
  requestId?: string;
  stationId: string;
  category?: string;
  department?: string;
  level?: number;
  serviceId?: string;
  status: string;
  stage: string;
  /** Who answers for the case (谁办理、谁负责), once someone took it or was assigned. */
  assignee?: string;
  kioskAt: string;
  receivedAt: string;
  due: Partial<Record<'contactBy' | 'feedbackBy' | 'progressBy' | 'callbackBy' | 'fixBy', string>>;
  met: Partial<Record<'contactBy' | 'feedbackBy' | 'progressBy' | 'callbackBy' | 'fixBy', boolean>>;
  light: Light;
  provisional: boolean;
  /** The hub's time the light and the deadlines met or missed were judged at. */
  asOf: string;
  longRunning: boolean;
  voided: boolean;
  reopenCount: number;
  citizenLevel?: number;
  reply?: string;
  feedback?: string;
  classification?: string;
  fixBy?: string;
}

export interface CaseDetail extends CaseView {
  history: Array<{ type: CaseEvent['type']; at: string; by?: string; data: Record<string, unknown> }>;
  /**
   * What the citizen wrote and how to reach them, read from the station's own document for the
   * operators who work the case (never on a public page): a request's description, contact name
   * and phone; a rating's ticket number, indicators, comment and callback phone, if given.
   */
  citizen?: {
    description?: string;
    contactName?: string;
    phone?: string;
    ticketNumber?: string;
    comment?: string;
    indicators?: Record<string, number>;
  };
}

export interface CaseService {
  /** Opens the case of a station document (a request, or a rating of level 1–2); idempotent. */
  ingest(stationId: string, doc: Record<string, unknown>): Promise<void>;
  list(filter: CaseFilter, operator: Operator): Promise<CaseView[]>;
  get(caseId: string, operator: Operator): Promise<CaseDetail>;
  /**
   * An operator's action on a case. For `Assign`, `assignee` is the named user as the hub knows
   * them (undefined: no such user): they must be able to work the case.
   */
  act(
    caseId: string,
    command: CaseCommand,
    operator: Operator,
    ip?: string,
    assignee?: (Operator & { disabled?: boolean }) | undefined,
  ): Promise<CaseDetail>;
  /** Counts of open cases by light (what the operator may see). */
  counts(operator: Operator): Promise<Record<Light, number>>;
  settings(): Promise<CaseSettings>;
  saveSettings(input: unknown, operator: Operator, ip?: string): Promise<CaseSettings>;
  /** The citizen's view of a request by its public number, or undefined. */
  publicRequest(number: string): Promise<{ view: CaseView; history: CaseDetail['history'] } | undefined>;
  /** A citizen's action on their request, confirmed by the last four digits of the phone given. */
  citizenAct(number: string, phoneLast4: string, command: CaseCommand): Promise<CaseView>;
}

export interface CaseServiceOptions {
  couch: CouchClient;
  calendar: () => WorkingCalendar;
  audit: AuditLog;
  now?: () => number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-01T10:00:00+08:00`. */
export function isoShanghai(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}+08:00`;
}

function rolesOf(operator: Operator): CaseRole[] {
  return operator.roles.filter((r): r is CaseRole =>
    ['admin', 'district-operator', 'department-handler', 'station-staff'].includes(r),
  );
}

const isDistrict = (operator: Operator) =>
  operator.roles.includes('admin') || operator.roles.includes('district-operator');

/** Whether an operator may see a case: the district all, a department its requests, a station its own. */
function maySee(state: CaseState, operator: Operator): boolean {
  if (isDistrict(operator)) return true;
  if (operator.roles.includes('department-handler') && operator.department !== undefined) {
    if (state.kind === 'request' && state.department === operator.department) return true;
  }
  if (operator.roles.includes('station-staff') && operator.stationId !== undefined) {
    if (state.stationId === operator.stationId) return true;
  }
  return false;
}

export function createCaseService(options: CaseServiceOptions): CaseService {
  const { couch, audit } = options;
  const now = options.now ?? Date.now;
  const cases = couch.db<CaseDoc>(HubDb.Cases);
  const settingsDb = couch.db<SettingsDoc>(HubDb.Cases);

  async function loadSettings(): Promise<CaseSettings> {
    try {
      const { _id, _rev, type, updatedAt, updatedBy, ...settings } = await settingsDb.get(CASE_SETTINGS_ID);
      void _id;
      void _rev;
      void type;
      void updatedAt;
      void updatedBy;
      return settings;
    } catch (error) {
      if (statusOf(error) === 404) return DEFAULT_CASE_SETTINGS;
      throw error;
    }
  }

  function view(id: string, state: CaseState): CaseView {
    const asOf = now();
    const { dues, light, provisional } = duesOf(state, options.calendar(), asOf);
    const due: CaseView['due'] = {};
    const met: CaseView['met'] = {};
    for (const [name, d] of Object.entries(dues)) {
      if (d === undefined) continue;
      due[name as keyof CaseView['due']] = isoShanghai(d.at);
      met[name as keyof CaseView['met']] = d.met;
    }
    return {
      caseId: id,
      kind: state.kind,
      ...(state.kind === 'request' ? { requestId: state.sourceId } : { ratingId: state.sourceId }),
      ...(state.number !== undefined ? { number: state.number } : {}),
      stationId: state.stationId,
      ...(state.category !== undefined ? { category: state.category } : {}),
      ...(state.department !== undefined ? { department: state.department } : {}),
      ...(state.level !== undefined ? { level: state.level } : {}),
      ...(state.serviceId !== undefined ? { serviceId: state.serviceId } : {}),
      status: state.status,
      stage: citizenStage(state),
      ...(state.assignee !== undefined ? { assignee: state.assignee } : {}),
      kioskAt: isoShanghai(state.kioskAt),
      receivedAt: isoShanghai(state.receivedAt),
      due,
      met,
      light,
      provisional,
      asOf: isoShanghai(asOf),
      longRunning: state.longRunning,
      voided: state.voided,
      reopenCount: state.reopenCount,
      ...(state.citizenLevel !== undefined ? { citizenLevel: state.citizenLevel } : {}),
      ...(state.reply !== undefined ? { reply: state.reply } : {}),
      ...(state.feedback !== undefined ? { feedback: state.feedback } : {}),
      ...(state.classification !== undefined ? { classification: state.classification } : {}),
      ...(state.fixBy !== undefined ? { fixBy: state.fixBy } : {}),
    };
  }

  function historyOf(events: readonly CaseEvent[]): CaseDetail['history'] {
    return events.map((event) => {
      const { at, by, ...data } = event.data as { at?: number; by?: string; receivedAt?: number };
      const when = at ?? (event.type === 'CaseOpened' ? (data.receivedAt as number) : 0);
      return { type: event.type, at: isoShanghai(when), ...(by !== undefined ? { by } : {}), data };
    });
  }

  async function read(caseId: string): Promise<CaseDoc> {
    if (!caseId.startsWith(CASE_PREFIX))
      throw new DomainError(ErrorCode.NotFound, 'No such case.', { messageZh: '没有这个办件。' });
    try {
      return await cases.get(caseId);
    } catch (error) {
      if (statusOf(error) === 404)
        throw new DomainError(ErrorCode.NotFound, 'No such case.', { messageZh: '没有这个办件。' });
      throw error;
    }
  }

  /** Decides on the stored state and writes with its revision; decides again after a concurrent write. */
  async function apply(caseId: string, decideOn: (state: CaseState) => CaseEvent[]): Promise<CaseDoc> {
    for (let attempt = 0; ; attempt++) {
      const doc = await read(caseId);
      const events = decideOn(doc.state);
      const next: CaseDoc = {
        ...doc,
        events: [...doc.events, ...events],
        state: events.reduce(evolve, doc.state),
        updatedAt: now(),
      };
      try {
        const res = await cases.insert(next);
        return { ...next, _rev: res.rev };
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 5) throw error;
      }
    }
  }

  async function open(id: string, opened: Extract<CaseEvent, { type: 'CaseOpened' }>): Promise<void> {
    const doc: CaseDoc = {
      _id: id,
      type: 'case',
      events: [opened],
      state: foldCase([opened]),
      updatedAt: now(),
    };
    try {
      await cases.insert(doc);
    } catch (error) {
      // Already opened (the station document arrived again): nothing to do.
      if (statusOf(error) !== 409) throw error;
    }
  }

  async function exists(id: string): Promise<boolean> {
    try {
      await cases.get(id);
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  /** The citizen's own words and contact, from the station's document (absent if it is gone). */
  async function citizenOf(state: CaseState): Promise<Pick<CaseDetail, 'citizen'>> {
    let source: Record<string, unknown>;
    try {
      source = (await couch.db(stationDbName(state.stationId)).get(state.sourceId)) as Record<
        string,
        unknown
      >;
    } catch (error) {
      if (statusOf(error) === 404) return {};
      throw error;
    }
    const text = (key: string) => (typeof source[key] === 'string' ? { [key]: source[key] as string } : {});
    const citizen =
      state.kind === 'request'
        ? { ...text('description'), ...text('contactName'), ...text('phone') }
        : {
            ...text('ticketNumber'),
            ...text('comment'),
            ...text('phone'),
            ...(source.indicators && typeof source.indicators === 'object'
              ? { indicators: source.indicators as Record<string, number> }
              : {}),
          };
    return { citizen };
  }

  return {
    async ingest(stationId, doc) {
      const type = doc.type;
      const sourceId = typeof doc._id === 'string' ? doc._id : '';
      if (doc._deleted === true || sourceId === '') return;
      const id = `${CASE_PREFIX}${sourceId}`;
      if (type === 'request') {
        if (await exists(id)) return;
        const settings = await loadSettings();
        const category = isRequestCategory(doc.category) ? doc.category : 'other';
        const route = settings.categories[category];
        await open(id, {
          type: 'CaseOpened',
          data: {
            kind: 'request',
            sourceId,
            stationId,
            number: String(doc.number),
            category: String(doc.category),
            department: route.department,
            kioskAt: Number(doc.kioskAt),
            receivedAt: now(),
            deadlines: { contactDays: route.contactDays, feedbackDays: route.feedbackDays },
          },
        });
      } else if (type === 'rating' && typeof doc.level === 'number' && doc.level <= 2) {
        if (await exists(id)) return;
        const settings = await loadSettings();
        await open(id, {
          type: 'CaseOpened',
          data: {
            kind: 'rating',
            sourceId,
            stationId,
            level: doc.level,
            serviceId: String(doc.serviceId),
            kioskAt: Number(doc.at),
            receivedAt: now(),
            deadlines: { ...settings.rating },
          },
        });
      }
    },
    async list(filter, operator) {
      const res = await cases.list({
        include_docs: true,
        startkey: CASE_PREFIX,
        endkey: `${CASE_PREFIX}\ufff0`,
      });
      const out: CaseView[] = [];
      for (const row of res.rows) {
        const doc = row.doc;
        if (doc?.type !== 'case') continue;
        const state = doc.state;
        if (!maySee(state, operator)) continue;
        if (filter.kind && state.kind !== filter.kind) continue;
        if (filter.department && state.department !== filter.department) continue;
        if (filter.stationId && state.stationId !== filter.stationId) continue;
        if (!filter.closed && state.status === 'closed' && filter.light === undefined) continue;
        const v = view(doc._id, state);
        if (filter.light && v.light !== filter.light) continue;
        out.push(v);
      }
      const order: Record<Light, number> = { red: 0, yellow: 1, green: 2, none: 3 };
      return out.sort((a, b) => order[a.light] - order[b.light] || (a.receivedAt < b.receivedAt ? -1 : 1));
    },
    async get(caseId, operator) {
      const doc = await read(caseId);
      if (!maySee(doc.state, operator))
        throw new DomainError(ErrorCode.Forbidden, 'This case is not yours to see.', {
          reason: 'scope',
          messageZh: '此办件不在您的办理范围内。',
        });
      return {
        ...view(doc._id, doc.state),
        history: historyOf(doc.events),
        ...(await citizenOf(doc.state)),
      };
    },
    async act(caseId, command, operator, ip, assignee) {
      let before: CaseState | undefined;
      const settings = command.type === 'Reassign' ? await loadSettings() : undefined;
      if (
        settings &&
        !settings.departments.some((d) => d.id === (command as { department: string }).department)
      ) {
        throw new DomainError(ErrorCode.Validation, 'department: not a listed department', {
          field: 'department',
          messageZh: '请选择办件设置中的部门。',
        });
      }
      const doc = await apply(caseId, (state) => {
        if (!maySee(state, operator))
          throw new DomainError(ErrorCode.Forbidden, 'This case is not yours to see.', {
            reason: 'scope',
            messageZh: '此办件不在您的办理范围内。',
          });
        before = state;
        if (command.type === 'Assign' && (!assignee || assignee.disabled || !maySee(state, assignee)))
          throw new DomainError(
            ErrorCode.Validation,
            'to: not a user who handles this case (its department, its station, or the district office)',
            { field: 'to', messageZh: '负责人须为办理此办件的用户（承办部门、所属站点或区级运营人员）。' },
          );
        return decide(command, state, {
          at: now(),
          by: operator.username,
          roles: rolesOf(operator),
          ...(operator.department !== undefined ? { department: operator.department } : {}),
          ...(operator.stationId !== undefined ? { stationId: operator.stationId } : {}),
        });
      });
      await audit.record({
        actor: { id: operator.username, roles: [...operator.roles] },
        action: caseAuditAction(command.type),
        target: { kind: 'case', id: caseId },
        ...(before ? { before: { status: before.status } } : {}),
        after: { status: doc.state.status },
        ...(ip ? { ip } : {}),
      });
      return { ...view(doc._id, doc.state), history: historyOf(doc.events), ...(await citizenOf(doc.state)) };
    },
    async counts(operator) {
      const counts: Record<Light, number> = { red: 0, yellow: 0, green: 0, none: 0 };
      for (const v of await this.list({}, operator)) counts[v.light] += 1;
      return counts;
    },
    settings: loadSettings,
    async saveSettings(input, operator, ip) {
      const settings = parseCaseSettings(input);
      let rev: string | undefined;
      let before: CaseSettings | undefined;
      try {
        const current = await settingsDb.get(CASE_SETTINGS_ID);
        rev = current._rev;
        before = current;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      await settingsDb.insert({
        _id: CASE_SETTINGS_ID,
        ...(rev ? { _rev: rev } : {}),
        type: 'case-settings',
        ...settings,
        updatedAt: now(),
        updatedBy: operator.username,
      });
      await audit.record({
        actor: { id: operator.username, roles: [...operator.roles] },
        action: 'case.settings',
        target: { kind: 'case-settings', id: CASE_SETTINGS_ID },
        ...(before ? { before: { categories: before.categories, rating: before.rating } } : {}),
        after: { categories: settings.categories, rating: settings.rating },
        ...(ip ? { ip } : {}),
      });
      return settings;
    },
    async publicRequest(number) {
      const parts = parseRequestNumber(number);
      if (parts === null) return undefined;
      try {
        const doc = await cases.get(`${CASE_PREFIX}${requestId(parts)}`);
        return { view: view(doc._id, doc.state), history: historyOf(doc.events) };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async citizenAct(number, phoneLast4, command) {
      const parts = parseRequestNumber(number);
      if (parts === null) throw new DomainError(ErrorCode.NotFound, 'This request number was not found.');
      const sourceId = requestId(parts);
      let phone: unknown;
      try {
        phone = (await couch.db(stationDbName(parts.stationId)).get(sourceId)).phone;
      } catch (error) {
        if (statusOf(error) === 404)
          throw new DomainError(ErrorCode.NotFound, 'This request number was not found.');
        throw error;
      }
      const digits = typeof phone === 'string' ? phone.replace(/\D/g, '') : '';
      if (!/^\d{4}$/.test(phoneLast4) || digits.slice(-4) !== phoneLast4) {
        throw new DomainError(
          ErrorCode.Forbidden,
          'The last four digits do not match the phone given with the request.',
          {
            field: 'phoneLast4',
            reason: 'phone',
          },
        );
      }
      const doc = await apply(`${CASE_PREFIX}${sourceId}`, (state) =>
        decide(command, state, { at: now(), by: 'citizen', roles: [] }),
      );
      return view(doc._id, doc.state);
    },
  };
}
