/**
 * What the cases screens say: words for every code the hub sends, the actions offered to each
 * role in each state, and form checks.
 */
import { type CaseStatus, type CitizenStage, caseAuditAction } from '@xz/shared/cases/case';
import { REQUEST_CATEGORIES } from '@xz/shared/cases/categories';
import { DEFAULT_CASE_SETTINGS } from '@xz/shared/cases/settings';
import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS } from '../../routes/cases/index.ts';
import type { CaseDetail, Operator } from './api.ts';
import { ACTION_WORDS as AUDIT_WORDS } from './audit-words.ts';
import { ACTION_FIELDS, allowedActions, checkActionForm, PROBES } from './case-actions.ts';
import { checkCaseSettings } from './case-settings.ts';
import { ACTION_WORDS, CATEGORY_WORDS, EVENT_WORDS, STAGE_WORDS, STATUS_WORDS } from './case-words.ts';

const opened = {
  type: 'CaseOpened',
  at: '2026-12-01T10:00:00+08:00',
  data: {
    kind: 'request',
    sourceId: 'request:st-a:20261201-0001',
    stationId: 'st-a',
    number: 'ST-A-20261201-0001',
    category: 'enterprise',
    department: 'commerce',
    kioskAt: Date.parse('2026-12-01T09:58:00+08:00'),
    receivedAt: Date.parse('2026-12-01T10:00:00+08:00'),
    deadlines: { contactDays: 1, feedbackDays: 3 },
  },
};
const detail = (...more: Array<{ type: string; at: string; by?: string; data: object }>) =>
  ({ history: [opened, ...more] }) as unknown as CaseDetail;
const op = (roles: string[], extra: Partial<Operator> = {}) =>
  ({ id: 'user:x', username: 'x', roles, ...extra }) as Operator;

describe('words', () => {
  it('has words for every status, stage, category, action and history event', () => {
    const statuses: CaseStatus[] = [
      'received',
      'contacted',
      'in-progress',
      'answered',
      'closed',
      'open',
      'called-back',
      'appealed',
      'rectifying',
      'fed-back',
    ];
    for (const s of statuses) expect(STATUS_WORDS[s].zh).not.toBe('');
    const stages: CitizenStage[] = ['received', 'contacted', 'in-progress', 'answered', 'closed'];
    for (const s of stages) expect(STAGE_WORDS[s].en).not.toBe('');
    for (const c of REQUEST_CATEGORIES) expect(CATEGORY_WORDS[c]?.zh).toBeTruthy();
    for (const a of Object.keys(CASE_ACTIONS)) {
      expect(ACTION_WORDS[a as keyof typeof ACTION_WORDS]).toBeDefined();
      expect(ACTION_FIELDS[a as keyof typeof ACTION_FIELDS]).toBeDefined();
    }
    for (const t of [
      'CaseOpened',
      'CaseReassigned',
      'RequesterContacted',
      'ReplyGiven',
      'ProgressNoted',
      'MarkedLongRunning',
      'CitizenCalledBack',
      'RatingClassified',
      'RectificationNoted',
      'FeedbackGiven',
      'AppealDecided',
      'CitizenRated',
      'CaseClosed',
      'CaseReopened',
    ]) {
      expect(EVENT_WORDS[t]).toBeDefined();
    }
  });
});

describe('actions offered', () => {
  it('offers the department its request’s steps, the district also reassignment, others nothing', () => {
    const fresh = detail();
    expect(allowedActions(fresh, op(['department-handler'], { department: 'commerce' }))).toEqual([
      'take',
      'resolve',
      'contact',
      'progress',
      'long-running',
      'reply',
    ]);
    expect(allowedActions(fresh, op(['department-handler'], { department: 'tax' }))).toEqual([]);
    expect(allowedActions(fresh, op(['station-staff'], { stationId: 'st-a' }))).toEqual([]);
    expect(allowedActions(fresh, op(['district-operator']))).toContain('reassign');
  });

  it('offers closing and the citizen’s rating once answered, reopening once closed', () => {
    const answered = detail(
      {
        type: 'RequesterContacted',
        at: '2026-12-01T11:00:00+08:00',
        by: 'h',
        data: { channel: 'phone', note: 'n' },
      },
      { type: 'ReplyGiven', at: '2026-12-01T12:00:00+08:00', by: 'h', data: { text: 'done' } },
    );
    const handler = op(['department-handler'], { department: 'commerce' });
    expect(allowedActions(answered, handler)).toEqual(
      expect.arrayContaining(['citizen-rating', 'close', 'reopen']),
    );
    const closed = detail(
      { type: 'ReplyGiven', at: '2026-12-01T12:00:00+08:00', by: 'h', data: { text: 'done' } },
      { type: 'CaseClosed', at: '2026-12-01T13:00:00+08:00', by: 'h', data: {} },
    );
    expect(allowedActions(closed, handler)).toEqual(['citizen-rating', 'reopen']);
  });
});

describe('action forms', () => {
  it('asks for a note, refuses one too long, and needs a date from today to fix by', () => {
    expect(checkActionForm('contact', { channel: 'phone', note: '  ' }, '2026-12-01').errors.note?.en).toBe(
      'Please fill this in.',
    );
    expect(
      checkActionForm('contact', { channel: 'phone', note: 'x'.repeat(2001) }, '2026-12-01').errors.note?.zh,
    ).toBe('最多 2000 个字。');
    expect(
      checkActionForm(
        'classify',
        { classification: 'fix-by-date', note: 'n', fixBy: '2026-11-30' },
        '2026-12-01',
      ).errors.fixBy?.en,
    ).toBe('Choose a date from today on.');
    expect(
      checkActionForm(
        'classify',
        { classification: 'fix-by-date', note: 'n', fixBy: '2026-12-05' },
        '2026-12-01',
      ).body,
    ).toEqual({ classification: 'fix-by-date', note: 'n', fixBy: '2026-12-05' });
    expect(checkActionForm('citizen-rating', { level: '2' }, '2026-12-01').body).toEqual({ level: 2 });
    expect(checkActionForm('reopen', { reason: '仍未解决' }, '2026-12-01').body).toEqual({
      reason: '仍未解决',
    });
  });
});

describe('case settings form', () => {
  it('marks each wrong field: bad or repeated ids, empty names, days out of range, unlisted departments', () => {
    expect(checkCaseSettings(structuredClone(DEFAULT_CASE_SETTINGS))).toEqual({});
    const s = structuredClone(DEFAULT_CASE_SETTINGS);
    s.departments.push({ id: 'tax', zh: '', en: 'Tax again' }, { id: 'Bad Id', zh: '坏', en: 'Bad' });
    s.categories.policy.contactDays = 61;
    s.categories.other.department = 'nowhere';
    s.rating.feedbackDays = 1.5;
    expect(Object.keys(checkCaseSettings(s)).sort()).toEqual([
      'categories.other.department',
      'categories.policy.contactDays',
      'departments.6.id',
      'departments.6.zh',
      'departments.7.id',
      'rating.feedbackDays',
    ]);
  });
});

describe('case actions in the audit log', () => {
  it('has words for the code the hub records for every action', () => {
    expect(AUDIT_WORDS['case.reply']).toBe('答复 Reply');
    expect(AUDIT_WORDS['case.record-contact']).toBe('记录联系 Record contact');
    expect(AUDIT_WORDS['case.resolve-at-once']).toBe('当场办结 Settle at once');
    for (const command of Object.values(PROBES))
      expect(AUDIT_WORDS[caseAuditAction(command.type)]).toBeDefined();
  });
});
