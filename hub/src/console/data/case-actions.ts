/**
 * The actions an operator may take on a case now, and the form of each. Which actions are offered
 * is asked of the shared case decider itself (the hub decides with the same code): the state is
 * folded from the case's history, and an action is offered when the decider would accept it for
 * this operator; a refusal for the operator's role (403) or the case's state (409) hides it.
 * Forms are checked here first, with messages in both languages; the hub checks again.
 */
import {
  type CaseCommand,
  type CaseEvent,
  type CaseRole,
  type CaseState,
  decide,
  foldCase,
} from '@xz/shared/cases/case';
import type { CaseAction, CaseDetail, Operator } from './api.ts';
import { CHECK_WORDS, type Words } from './case-words.ts';

/** The case state the hub holds, folded from the history it answers. */
export function stateOf(detail: CaseDetail): CaseState {
  const events = detail.history.map(
    (h) =>
      ({
        type: h.type,
        data: { ...h.data, at: Date.parse(h.at), ...(h.by !== undefined ? { by: h.by } : {}) },
      }) as unknown as CaseEvent,
  );
  return foldCase(events);
}

/** A command of each action with placeholder input: enough to ask the decider about role and state. */
export const PROBES: Readonly<Record<CaseAction, CaseCommand>> = {
  reassign: { type: 'Reassign', department: '\u0000' },
  contact: { type: 'RecordContact', channel: 'phone', note: 'probe' },
  take: { type: 'Take' },
  assign: { type: 'Assign', to: 'probe' },
  reply: { type: 'Reply', text: 'probe' },
  resolve: { type: 'ResolveAtOnce', text: 'probe' },
  progress: { type: 'NoteProgress', note: 'probe' },
  'long-running': { type: 'MarkLongRunning', note: 'probe' },
  callback: { type: 'CallBack', channel: 'phone', note: 'probe' },
  classify: { type: 'Classify', classification: 'explained', note: 'probe' },
  rectification: { type: 'NoteRectification', note: 'probe' },
  feedback: { type: 'GiveFeedback', text: 'probe' },
  'decide-appeal': { type: 'DecideAppeal', decision: 'upheld', note: 'probe' },
  'citizen-rating': { type: 'CitizenRate', level: 3 },
  close: { type: 'Close' },
  reopen: { type: 'Reopen', reason: 'probe' },
};

export const CASE_ACTION_ORDER: readonly CaseAction[] = [
  'take',
  'resolve',
  'contact',
  'callback',
  'progress',
  'long-running',
  'reply',
  'classify',
  'rectification',
  'feedback',
  'decide-appeal',
  'citizen-rating',
  'close',
  'reopen',
  'reassign',
  'assign',
];

const CASE_ROLES: readonly string[] = ['admin', 'district-operator', 'department-handler', 'station-staff'];

/** The actions this operator may take on the case now, in the order a handler works. */
export function allowedActions(detail: CaseDetail, operator: Operator, at = Date.now()): CaseAction[] {
  let state: CaseState;
  try {
    state = stateOf(detail);
  } catch {
    return [];
  }
  const ctx = {
    at,
    by: operator.username,
    roles: operator.roles.filter((r): r is CaseRole => CASE_ROLES.includes(r)),
    ...(operator.department !== undefined ? { department: operator.department } : {}),
    ...(operator.stationId !== undefined ? { stationId: operator.stationId } : {}),
  };
  return CASE_ACTION_ORDER.filter((action) => {
    try {
      decide(PROBES[action], state, ctx);
      return true;
    } catch {
      return false;
    }
  });
}

// ── forms ──────────────────────────────────────────────────────────────────────────────────────

export type FieldKind =
  | 'text'
  | 'long-text'
  | 'channel'
  | 'classification'
  | 'date'
  | 'decision'
  | 'level'
  | 'department';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  label: Words;
  required: boolean;
  max?: number;
}

const note = (label: Words, required = true): FieldSpec => ({
  name: 'note',
  kind: 'long-text',
  label,
  required,
  max: 2000,
});
const NOTE = { zh: '说明', en: 'Note' };
const CHANNEL: FieldSpec = {
  name: 'channel',
  kind: 'channel',
  label: { zh: '方式', en: 'Channel' },
  required: true,
};

export const ACTION_FIELDS: Readonly<Record<CaseAction, readonly FieldSpec[]>> = {
  reassign: [
    {
      name: 'department',
      kind: 'department',
      label: { zh: '转至部门', en: 'To department' },
      required: true,
    },
    note({ zh: '转办说明', en: 'Note' }, false),
  ],
  contact: [CHANNEL, note({ zh: '联系情况', en: 'What was said' })],
  reply: [
    {
      name: 'text',
      kind: 'long-text',
      label: { zh: '答复内容（群众可见）', en: 'Reply (the citizen reads it)' },
      required: true,
      max: 4000,
    },
  ],
  take: [],
  assign: [
    {
      name: 'to',
      kind: 'text',
      label: { zh: '负责人（用户名）', en: 'Responsible person (user name)' },
      required: true,
      max: 32,
    },
  ],
  resolve: [
    {
      name: 'text',
      kind: 'long-text',
      label: {
        zh: '答复内容（群众可见），答复即办结',
        en: 'Reply (the citizen reads it); the request closes with it',
      },
      required: true,
      max: 4000,
    },
  ],
  progress: [note({ zh: '进展情况', en: 'Progress' })],
  'long-running': [note({ zh: '需长期推进的原因', en: 'Why it takes longer' })],
  callback: [CHANNEL, note({ zh: '回访情况', en: 'What the citizen said' })],
  classify: [
    {
      name: 'classification',
      kind: 'classification',
      label: { zh: '处置方式', en: 'Classification' },
      required: true,
    },
    {
      name: 'fixBy',
      kind: 'date',
      label: { zh: '整改期限（限期整改时）', en: 'Fix by (for fix by a date)' },
      required: false,
    },
    note(NOTE),
  ],
  rectification: [note({ zh: '整改情况', en: 'What was fixed' })],
  feedback: [
    {
      name: 'text',
      kind: 'long-text',
      label: { zh: '反馈内容（群众可见）', en: 'Feedback (the citizen reads it)' },
      required: true,
      max: 4000,
    },
  ],
  'decide-appeal': [
    { name: 'decision', kind: 'decision', label: { zh: '裁定', en: 'Decision' }, required: true },
    note({ zh: '裁定理由', en: 'Reason' }),
  ],
  'citizen-rating': [
    { name: 'level', kind: 'level', label: { zh: '群众评价', en: "The citizen's rating" }, required: true },
    {
      name: 'comment',
      kind: 'long-text',
      label: { zh: '群众意见', en: 'Comment' },
      required: false,
      max: 500,
    },
  ],
  close: [note({ zh: '办结说明', en: 'Closing note' }, false)],
  reopen: [note({ zh: '重新办理的原因', en: 'Why it is reopened' })].map((f) => ({ ...f, name: 'reason' })),
};

export interface FormCheck {
  body?: Record<string, unknown>;
  errors: Record<string, Words>;
}

/** Checks a form's values and builds the action's body; `today` is the station day (YYYY-MM-DD). */
export function checkActionForm(
  action: CaseAction,
  values: Readonly<Record<string, string>>,
  today: string,
): FormCheck {
  const errors: Record<string, Words> = {};
  const body: Record<string, unknown> = {};
  for (const field of ACTION_FIELDS[action]) {
    const raw = (values[field.name] ?? '').trim();
    if (raw === '') {
      const needed =
        field.required ||
        (action === 'classify' && field.name === 'fixBy' && values.classification === 'fix-by-date');
      if (needed)
        errors[field.name] =
          field.kind === 'long-text' || field.kind === 'text'
            ? CHECK_WORDS.required
            : field.kind === 'date'
              ? CHECK_WORDS.fixBy
              : CHECK_WORDS.choose;
      continue;
    }
    if (field.max !== undefined && raw.length > field.max) {
      errors[field.name] = CHECK_WORDS.tooLong(field.max);
      continue;
    }
    if (field.kind === 'date') {
      if (values.classification !== 'fix-by-date') continue;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || raw < today) {
        errors[field.name] = CHECK_WORDS.fixBy;
        continue;
      }
    }
    body[field.name] = field.kind === 'level' ? Number(raw) : raw;
  }
  return Object.keys(errors).length > 0 ? { errors } : { body, errors };
}
