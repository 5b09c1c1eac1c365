/**
 * Calling order. Pure: which waiting ticket a counter calls next, with the rule that chose it and
 * an explanation for the counter console (an i18n key plus parameters).
 *
 * Policies:
 * - 'fifo': first come, first served (by queue time).
 * - 'strict': every green ticket before any normal ticket.
 * - 'default': green channel with limits, checked in this order
 *     1. aging: when a green ticket would pass the longest-waiting normal ticket and that one has
 *        waited longer than `maxExtraWaitMinutes`, the normal ticket is called;
 *     2. quota: after `greenQuota` green calls in a row at the station, one normal ticket if any waits;
 *     3. head start: otherwise the earliest effective arrival, where a green ticket's effective
 *        arrival is its queue time minus `greenHeadStartMinutes`.
 * Whatever the policy, two rules come first: a ticket transferred to the front of its service,
 * then a counter reserved for one kind serves that kind while any of it waits.
 * A rule is recorded only when it changed the outcome: a ticket that FIFO would have called
 * anyway is recorded as 'fifo'.
 */
import type {
  CallingPolicy,
  CallRule,
  CounterConfig,
  Explanation,
  NextCall,
  QueueState,
  TicketKind,
  TicketView,
} from './types.ts';

const MINUTE = 60_000;

/**
 * Default parameters, chosen by replaying the recorded day (shared/data/arrivals-day.json) and seeded
 * synthetic days (see replay.test.ts): head start 60 min, quota 3, aging after 90 min of waiting.
 */
export const defaultCallingPolicy: Readonly<CallingPolicy> = Object.freeze({
  kind: 'default',
  greenHeadStartMinutes: 60,
  greenQuota: 3,
  maxExtraWaitMinutes: 90,
});

/** Display texts of the explanation keys; `{name}` is replaced by the parameter of that name. */
export const callRuleTexts: Readonly<Record<CallRule, { zh: string; en: string }>> = {
  manual: { zh: '窗口人员指定叫号', en: 'Called by staff' },
  fifo: { zh: '按取号先后，已等 {minutes} 分钟', en: 'First come, first served; waited {minutes} min' },
  'green-first': {
    zh: '绿色通道优先（{group}），已等 {minutes} 分钟',
    en: 'Green channel first ({group}); waited {minutes} min',
  },
  'green-quota': {
    zh: '已连续叫绿色通道 {streak} 位（上限 {quota}），轮到普通号',
    en: '{streak} green calls in a row (limit {quota}); a normal ticket now',
  },
  aging: {
    zh: '普通号已等 {minutes} 分钟，超过 {threshold} 分钟，先于绿色通道',
    en: 'Normal ticket waited {minutes} min, over the {threshold} min limit: before green tickets',
  },
  'reserved-counter': {
    zh: '本窗口优先办理{kindZh}',
    en: 'This counter serves {kindEn} tickets first',
  },
  'strict-priority': {
    zh: '绿色通道绝对优先（{group}），已等 {minutes} 分钟',
    en: 'Green channel always first ({group}); waited {minutes} min',
  },
  'transfer-front': { zh: '转办至队首', en: 'Transferred to the front of the queue' },
};

/** Fills a rule text with the explanation's parameters. */
export function formatExplanation(explanation: Explanation, lang: 'zh' | 'en'): string {
  const rule = explanation.key.replace(/^call\.rule\./, '') as CallRule;
  const template = callRuleTexts[rule]?.[lang] ?? explanation.key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(explanation.params[name] ?? ''));
}

function explain(rule: CallRule, params: Record<string, string | number> = {}): Explanation {
  return { key: `call.rule.${rule}`, params };
}

const waitedMinutes = (t: TicketView, at: number) => Math.max(0, Math.floor((at - t.queuedAt) / MINUTE));

/** Earlier queue time first; ties by issue time, then id (deterministic). */
function earlier(a: TicketView, b: TicketView): boolean {
  if (a.queuedAt !== b.queuedAt) return a.queuedAt < b.queuedAt;
  if (a.issuedAt !== b.issuedAt) return a.issuedAt < b.issuedAt;
  return a.id < b.id;
}

/** Waiting tickets a counter may call (O(waiting) over the counter's services). */
export function candidatesFor(state: QueueState, counter: CounterConfig): TicketView[] {
  const out: TicketView[] = [];
  for (const serviceId of counter.services) {
    const ids = state.waiting[serviceId];
    if (!ids) continue;
    for (const id of ids.keys()) {
      const t = state.tickets.get(id);
      if (t && t.status === 'waiting') out.push(t);
    }
  }
  return out;
}

interface Summary {
  oldest?: TicketView;
  oldestGreen?: TicketView;
  oldestNormal?: TicketView;
  oldestFront?: TicketView;
}

function summarize(tickets: readonly TicketView[]): Summary {
  const s: Summary = {};
  for (const t of tickets) {
    if (!s.oldest || earlier(t, s.oldest)) s.oldest = t;
    if (t.front && (!s.oldestFront || earlier(t, s.oldestFront))) s.oldestFront = t;
    if (t.kind === 'green') {
      if (!s.oldestGreen || earlier(t, s.oldestGreen)) s.oldestGreen = t;
    } else if (!s.oldestNormal || earlier(t, s.oldestNormal)) s.oldestNormal = t;
  }
  return s;
}

function fifoCall(t: TicketView, at: number): NextCall {
  return { ticketId: t.id, rule: 'fifo', explanation: explain('fifo', { minutes: waitedMinutes(t, at) }) };
}

function choosePolicy(
  state: QueueState,
  candidates: readonly TicketView[],
  policy: CallingPolicy,
  at: number,
): NextCall | null {
  const { oldest, oldestGreen, oldestNormal } = summarize(candidates);
  if (!oldest) return null;
  switch (policy.kind) {
    case 'fifo':
      return fifoCall(oldest, at);
    case 'strict': {
      if (!oldestGreen || oldestGreen === oldest) return fifoCall(oldest, at);
      return {
        ticketId: oldestGreen.id,
        rule: 'strict-priority',
        explanation: explain('strict-priority', {
          minutes: waitedMinutes(oldestGreen, at),
          group: oldestGreen.green?.groupId ?? '',
        }),
      };
    }
    case 'default': {
      // Head start: green effective arrival = queue time − head start.
      const headStart = policy.greenHeadStartMinutes * MINUTE;
      const greenWins =
        oldestGreen !== undefined &&
        (oldestNormal === undefined || oldestGreen.queuedAt - headStart <= oldestNormal.queuedAt);
      if (!greenWins || !oldestGreen) return fifoCall(oldestNormal ?? oldest, at);
      if (!oldestNormal || oldestGreen === oldest) return fifoCall(oldestGreen, at);
      // A green ticket would pass the oldest normal one: the limits apply.
      if (at - oldestNormal.queuedAt > policy.maxExtraWaitMinutes * MINUTE) {
        return {
          ticketId: oldestNormal.id,
          rule: 'aging',
          explanation: explain('aging', {
            minutes: waitedMinutes(oldestNormal, at),
            threshold: policy.maxExtraWaitMinutes,
          }),
        };
      }
      if (state.greenStreak >= policy.greenQuota) {
        return {
          ticketId: oldestNormal.id,
          rule: 'green-quota',
          explanation: explain('green-quota', {
            streak: state.greenStreak,
            quota: policy.greenQuota,
            minutes: waitedMinutes(oldestNormal, at),
          }),
        };
      }
      return {
        ticketId: oldestGreen.id,
        rule: 'green-first',
        explanation: explain('green-first', {
          minutes: waitedMinutes(oldestGreen, at),
          headStartMinutes: policy.greenHeadStartMinutes,
          group: oldestGreen.green?.groupId ?? '',
        }),
      };
    }
    default: {
      const never: never = policy.kind;
      throw new Error(`Unknown calling policy: ${String(never)}`);
    }
  }
}

const KIND_TEXT: Readonly<Record<TicketKind, { zh: string; en: string }>> = {
  green: { zh: '绿色通道', en: 'green-channel' },
  normal: { zh: '普通号', en: 'normal' },
};

/**
 * The ticket a counter would call now, the rule that chose it and why; null when nothing it
 * serves is waiting (or the counter is unknown). O(tickets waiting for the counter's services).
 */
export function chooseNext(state: QueueState, counterId: string, at: number): NextCall | null {
  const counter = state.config.counters.find((c) => c.id === counterId);
  if (!counter) return null;
  const all = candidatesFor(state, counter);
  if (all.length === 0) return null;
  const summary = summarize(all);
  if (summary.oldestFront) {
    return {
      ticketId: summary.oldestFront.id,
      rule: 'transfer-front',
      explanation: explain('transfer-front', { minutes: waitedMinutes(summary.oldestFront, at) }),
    };
  }
  if (counter.reserved) {
    const kind = counter.reserved;
    const own = all.filter((t) => t.kind === kind);
    if (own.length > 0) {
      const pick = choosePolicy(state, own, state.config.calling, at);
      if (pick && pick.ticketId !== summary.oldest?.id) {
        return {
          ticketId: pick.ticketId,
          rule: 'reserved-counter',
          explanation: explain('reserved-counter', {
            kind,
            kindZh: KIND_TEXT[kind].zh,
            kindEn: KIND_TEXT[kind].en,
            minutes: waitedMinutes(state.tickets.get(pick.ticketId) ?? own[0]!, at),
          }),
        };
      }
      return pick;
    }
  }
  return choosePolicy(state, all, state.config.calling, at);
}

export interface CounterOutlook {
  counterId: string;
  currentTicketId?: string;
  /** What this counter would call next (when free), and why. */
  next: NextCall | null;
}

export interface WaitingOutlook {
  ticketId: string;
  number: string;
  serviceId: string;
  kind: TicketKind;
  waitedMinutes: number;
  /** Counters whose next call would be this ticket. */
  nextAt: string[];
}

export interface QueueOutlook {
  at: number;
  policy: CallingPolicy;
  greenStreak: number;
  counters: CounterOutlook[];
  /** Every waiting ticket, longest queued first. */
  waiting: WaitingOutlook[];
}

/** For each counter, the ticket it would call next and why; and every waiting ticket. */
export function explainQueue(state: QueueState, at: number): QueueOutlook {
  const counters: CounterOutlook[] = state.config.counters.map((c) => {
    const current = state.counters[c.id]?.currentTicketId;
    const outlook: CounterOutlook = { counterId: c.id, next: chooseNext(state, c.id, at) };
    if (current !== undefined) outlook.currentTicketId = current;
    return outlook;
  });
  const nextAt = new Map<string, string[]>();
  for (const c of counters) {
    if (!c.next) continue;
    const list = nextAt.get(c.next.ticketId) ?? [];
    list.push(c.counterId);
    nextAt.set(c.next.ticketId, list);
  }
  const waiting: TicketView[] = [];
  for (const ids of Object.values(state.waiting)) {
    for (const id of ids.keys()) {
      const t = state.tickets.get(id);
      if (t && t.status === 'waiting') waiting.push(t);
    }
  }
  waiting.sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
  return {
    at,
    policy: state.config.calling,
    greenStreak: state.greenStreak,
    counters,
    waiting: waiting.map((t) => ({
      ticketId: t.id,
      number: t.number,
      serviceId: t.serviceId,
      kind: t.kind,
      waitedMinutes: waitedMinutes(t, at),
      nextAt: nextAt.get(t.id) ?? [],
    })),
  };
}
