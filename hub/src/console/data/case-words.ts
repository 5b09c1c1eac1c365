/**
 * Every word the cases screens show, in Chinese and English: lights, kinds, statuses, stages,
 * categories, channels, classifications, actions, history events, deadlines and the reasons the
 * hub gives for a refusal. Screens never show a code: they look it up here (or in the departments
 * of the case settings). Times are shown in station time (`station-time.ts`).
 */
import type {
  AppealDecision,
  CaseStatus,
  CitizenStage,
  Classification,
  ContactChannel,
} from '@xz/shared/cases/case';
import { REQUEST_CATEGORY_LABELS } from '@xz/shared/cases/categories';
import type { CaseAction, CaseDetail, CaseLight, CaseSettings } from './api.ts';

export interface Words {
  zh: string;
  en: string;
}

/** Both languages on one line, Chinese first, as the rest of the console. */
export const say = (w: Words): string => `${w.zh} ${w.en}`;

export const LIGHT_WORDS: Readonly<Record<CaseLight, Words>> = {
  red: { zh: '红灯 · 超期', en: 'Red: overdue' },
  yellow: { zh: '黄灯 · 今日到期', en: 'Yellow: due today' },
  green: { zh: '绿灯 · 按时', en: 'Green: on time' },
  none: { zh: '已办结', en: 'Closed' },
};

export const KIND_WORDS: Readonly<Record<'request' | 'rating', Words>> = {
  request: { zh: '诉求', en: 'Request' },
  rating: { zh: '差评', en: 'Bad rating' },
};

export const STATUS_WORDS: Readonly<Record<CaseStatus, Words>> = {
  received: { zh: '已受理', en: 'Received' },
  contacted: { zh: '已联系', en: 'Contacted' },
  'in-progress': { zh: '办理中', en: 'In progress' },
  answered: { zh: '已答复', en: 'Answered' },
  closed: { zh: '已办结', en: 'Closed' },
  open: { zh: '待回访', en: 'Awaiting callback' },
  'called-back': { zh: '已回访', en: 'Called back' },
  appealed: { zh: '申诉复核中', en: 'Under appeal' },
  rectifying: { zh: '限期整改中', en: 'Rectifying by a date' },
  'fed-back': { zh: '已反馈', en: 'Fed back' },
};

/** The stage the citizen reads on the phone page. */
export const STAGE_WORDS: Readonly<Record<CitizenStage, Words>> = {
  received: { zh: '受理', en: 'Received' },
  contacted: { zh: '已联系', en: 'Contacted' },
  'in-progress': { zh: '办理中', en: 'In progress' },
  answered: { zh: '已答复', en: 'Answered' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const CATEGORY_WORDS: Readonly<Record<string, Words>> = REQUEST_CATEGORY_LABELS;

export const CHANNEL_WORDS: Readonly<Record<ContactChannel, Words>> = {
  phone: { zh: '电话', en: 'Phone' },
  sms: { zh: '短信', en: 'Text message' },
  visit: { zh: '上门或面谈', en: 'Visit or meeting' },
  other: { zh: '其他方式', en: 'Other' },
};

export const CLASSIFICATION_WORDS: Readonly<Record<Classification, Words>> = {
  fixed: { zh: '立行立改', en: 'Fixed at once' },
  'fix-by-date': { zh: '限期整改', en: 'Fix by a date' },
  explained: { zh: '解释说明', en: 'Explained' },
  appealed: { zh: '申诉复核', en: 'Appealed for review' },
};

export const DECISION_WORDS: Readonly<Record<AppealDecision, Words>> = {
  upheld: { zh: '维持差评', en: 'Rating upheld' },
  voided: { zh: '差评作废', en: 'Rating voided' },
};

/** The five levels of a rating (非常满意 5 … 非常不满意 1). */
export const LEVEL_WORDS: Readonly<Record<number, Words>> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Neutral' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

export const ACTION_WORDS: Readonly<Record<CaseAction, Words>> = {
  reassign: { zh: '转办', en: 'Reassign' },
  contact: { zh: '记录联系', en: 'Record contact' },
  take: { zh: '由我负责', en: 'I answer for it' },
  assign: { zh: '指定负责人', en: 'Assign' },
  reply: { zh: '答复', en: 'Reply' },
  resolve: { zh: '当场办结', en: 'Settle at once' },
  progress: { zh: '报送进展', en: 'Note progress' },
  'long-running': { zh: '转为长期推进', en: 'Mark long-running' },
  callback: { zh: '记录回访', en: 'Record callback' },
  classify: { zh: '分类处置', en: 'Classify' },
  rectification: { zh: '记录整改', en: 'Note rectification' },
  feedback: { zh: '反馈群众', en: 'Feed back to the citizen' },
  'decide-appeal': { zh: '申诉裁定', en: 'Decide the appeal' },
  'citizen-rating': { zh: '记录群众评价', en: "Record the citizen's rating" },
  close: { zh: '办结', en: 'Close' },
  reopen: { zh: '重新办理', en: 'Reopen' },
};

export type HistoryType = CaseDetail['history'][number]['type'];

export const EVENT_WORDS: Readonly<Record<string, Words>> = {
  CaseOpened: { zh: '中心收到并受理', en: 'Received by the hub' },
  CaseReassigned: { zh: '转办', en: 'Reassigned' },
  CaseAssigned: { zh: '确定负责人', en: 'Responsible person set' },
  RequesterContacted: { zh: '联系诉求人', en: 'Contacted the requester' },
  ReplyGiven: { zh: '答复', en: 'Replied' },
  ProgressNoted: { zh: '报送进展', en: 'Progress noted' },
  MarkedLongRunning: { zh: '转为长期推进', en: 'Marked long-running' },
  CitizenCalledBack: { zh: '回访群众', en: 'Called the citizen back' },
  RatingClassified: { zh: '分类处置', en: 'Classified' },
  RectificationNoted: { zh: '记录整改', en: 'Rectification noted' },
  FeedbackGiven: { zh: '反馈群众', en: 'Feedback given to the citizen' },
  AppealDecided: { zh: '申诉裁定', en: 'Appeal decided' },
  CitizenRated: { zh: '群众评价', en: 'The citizen rated the handling' },
  CaseClosed: { zh: '办结', en: 'Closed' },
  CaseReopened: { zh: '重新办理', en: 'Reopened' },
};

/** What the citizen gave at the kiosk or on the phone, as the case view labels it. */
export const CITIZEN_WORDS = {
  title: { zh: '群众所述', en: 'What the citizen gave' },
  description: { zh: '诉求内容', en: 'Request' },
  contactName: { zh: '联系人', en: 'Contact name' },
  phone: { zh: '联系电话', en: 'Phone' },
  ticketNumber: { zh: '票号', en: 'Ticket number' },
  comment: { zh: '评价意见', en: 'Comment' },
  indicators: { zh: '分项评价', en: 'Ratings by aspect' },
  callbackPhone: { zh: '回访电话', en: 'Callback phone' },
  none: { zh: '未填写', en: 'Not given' },
  unavailable: {
    zh: '站点的原始记录暂不可读。',
    en: "The station's own record cannot be read now.",
  },
  private: {
    zh: '仅供办理人员联系群众，不在公开页面显示。',
    en: 'For the operators who work the case only; never shown on a public page.',
  },
} as const satisfies Record<string, Words>;

/** The offline indicator set of a rating (整体满意度, 服务效率, 服务水平, 服务态度). */
export const INDICATOR_WORDS: Readonly<Record<string, Words>> = {
  overall: { zh: '整体满意度', en: 'Overall' },
  efficiency: { zh: '服务效率', en: 'Speed' },
  quality: { zh: '服务水平', en: 'Competence' },
  attitude: { zh: '服务态度', en: 'Attitude' },
};

export type DueName = 'contactBy' | 'feedbackBy' | 'progressBy' | 'callbackBy' | 'fixBy';
export const DUE_NAMES: readonly DueName[] = ['contactBy', 'callbackBy', 'feedbackBy', 'progressBy', 'fixBy'];

export const DUE_WORDS: Readonly<Record<DueName, Words>> = {
  contactBy: { zh: '联系时限', en: 'Contact by' },
  callbackBy: { zh: '回访时限', en: 'Call back by' },
  feedbackBy: { zh: '反馈时限', en: 'Feedback by' },
  progressBy: { zh: '下次进展报送', en: 'Next progress note by' },
  fixBy: { zh: '整改期限', en: 'Fix by' },
};

/** Why the hub refused an action (the `reason` of a 403 or 409), in both languages. */
export const REASON_WORDS: Readonly<Record<string, Words>> = {
  role: { zh: '您的角色不能执行此操作。', en: 'Your role may not do this.' },
  scope: { zh: '该办件不属于您的部门或站点。', en: 'This case belongs to another department or station.' },
  closed: { zh: '该办件已办结。', en: 'This case is closed.' },
  kind: { zh: '此操作不适用于这类办件。', en: 'This action is for the other kind of case.' },
  same: { zh: '无需重复操作。', en: 'Nothing to change.' },
  order: { zh: '请先完成前一步。', en: 'Finish the previous step first.' },
  appealed: {
    zh: '申诉正等待区级裁定，或已复核过。',
    en: 'The appeal waits for the district, or was reviewed.',
  },
  state: { zh: '当前状态下不能执行此操作。', en: 'Not possible in the current state.' },
  voided: { zh: '该差评已在申诉中作废。', en: 'The rating was voided on appeal.' },
  origin: { zh: '请从控制台本身的地址操作。', en: "Use the console at the hub's own address." },
};

/** Form checks shown beside a field, in both languages. */
export const CHECK_WORDS = {
  required: { zh: '请填写此项。', en: 'Please fill this in.' },
  tooLong: (max: number): Words => ({ zh: `最多 ${max} 个字。`, en: `At most ${max} characters.` }),
  fixBy: { zh: '请选择今天或以后的日期。', en: 'Choose a date from today on.' },
  choose: { zh: '请选择一项。', en: 'Please choose one.' },
  days: { zh: '天数为 0 到 60 的整数。', en: 'Days are a whole number from 0 to 60.' },
  departmentId: {
    zh: '部门编号为小写字母开头的字母、数字或连字符（最多 40 个）。',
    en: 'A department id is lower-case letters, digits or hyphens, starting with a letter (up to 40).',
  },
  departmentTwice: { zh: '部门编号重复。', en: 'This department id is listed twice.' },
  departmentUnlisted: { zh: '请选择列表中的部门。', en: 'Choose a listed department.' },
  label: { zh: '名称为 1 到 60 个字。', en: 'A name is 1 to 60 characters.' },
  departmentInUse: {
    zh: '该部门仍承接某类诉求，请先改派。',
    en: 'A category is still routed to this department; route it elsewhere first.',
  },
} as const;

/** A department's name from the settings; an id no longer listed is said so (with the id). */
export function departmentWords(settings: CaseSettings | undefined, id: string | undefined): Words {
  if (id === undefined) return { zh: '—', en: '' };
  const d = settings?.departments.find((x) => x.id === id);
  return d ? { zh: d.zh, en: d.en } : { zh: `未列出的部门（${id}）`, en: 'Department not listed' };
}

export const wordsOr = (table: Readonly<Record<string, Words>>, key: string | undefined): Words =>
  (key !== undefined ? table[key] : undefined) ?? { zh: '未知', en: 'Unknown' };

export const PROVISIONAL_WORDS: Words = {
  zh: '（计算暂按周一至周五：该年度日历尚未载入）',
  en: '(provisional: Monday–Friday, the calendar year is not loaded)',
};

/** A refusal from the hub in both languages: our words for its reason, else its own message. */
export function refusalWords(error: {
  message: string;
  messageZh?: string;
  reason?: string;
  field?: string;
}): Words {
  const known = error.reason !== undefined ? REASON_WORDS[error.reason] : undefined;
  return { zh: known?.zh ?? error.messageZh ?? '操作未成功。', en: error.message };
}
