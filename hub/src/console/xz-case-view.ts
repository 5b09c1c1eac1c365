/**
 * xz-case-view: one case. Its facts (number, station, category or service, department, kiosk time
 * and hub receipt time, deadlines met or missed), what the citizen gave (a request's description,
 * contact name and phone; a rating's ticket number, comment, aspects and callback phone), the timeline of what happened in words (who,
 * when, notes and replies shown as text), and the actions the signed-in operator may take now,
 * each as a form checked before sending; the hub's refusal (403 role, 409 state, 400 input) is
 * shown in both languages.
 * Properties: `caseId`, `operator`. Events: `xz-navigate` {path} (back to the desk). Slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { caseLight } from './case-light.ts';
import {
  ApiError,
  type CaseAction,
  type CaseDetail,
  type CaseSettings,
  fetchCaseSettings,
  fetchStationConfig,
  getCase,
  type Operator,
  runCaseAction,
} from './data/api.ts';
import { ACTION_FIELDS, allowedActions, checkActionForm, type FieldSpec } from './data/case-actions.ts';
import {
  ACTION_WORDS,
  CATEGORY_WORDS,
  CHANNEL_WORDS,
  CITIZEN_WORDS,
  CLASSIFICATION_WORDS,
  DECISION_WORDS,
  DUE_NAMES,
  DUE_WORDS,
  departmentWords,
  EVENT_WORDS,
  INDICATOR_WORDS,
  KIND_WORDS,
  LEVEL_WORDS,
  PROVISIONAL_WORDS,
  refusalWords,
  STAGE_WORDS,
  STATUS_WORDS,
  say,
  type Words,
  wordsOr,
} from './data/case-words.ts';
import { dueTime, stationTime } from './data/station-time.ts';
import { consoleStyles } from './styles.ts';

type History = CaseDetail['history'][number];

interface StationNames {
  name?: Words;
  services: Record<string, Words>;
}

/** The station's name and service names from its configuration, when the hub has it. */
async function stationNames(stationId: string): Promise<StationNames> {
  try {
    const config = (await fetchStationConfig(stationId)) as {
      name?: Words;
      services?: Array<{ id: string; name?: Words }>;
    };
    const services: Record<string, Words> = {};
    for (const s of config.services ?? []) if (s.name) services[s.id] = s.name;
    return { ...(config.name ? { name: config.name } : {}), services };
  } catch {
    return { services: {} };
  }
}

@customElement('xz-case-view')
export class XzCaseView extends LitElement {
  static override styles = consoleStyles;

  /** The case shown (`case:…`). */
  @property() caseId = '';
  /** The signed-in operator: their role decides the actions offered. */
  @property({ attribute: false }) operator?: Operator;

  /** The case as the last answer of the hub gave it (after an action, that answer). */
  @state() private detail?: CaseDetail;
  /** The action whose form is open. */
  @state() private open?: CaseAction;
  @state() private fieldErrors: Record<string, Words> = {};
  @state() private error?: Words;
  @state() private message?: Words;
  @state() private busy = false;

  private readonly load = new Task(this, {
    task: async ([caseId], { signal }) => {
      const detail = await getCase(caseId, signal);
      this.detail = detail;
      return detail;
    },
    args: () => [this.caseId] as const,
  });

  private readonly settings = new Task(this, {
    task: (_args, { signal }) => fetchCaseSettings(signal).catch(() => undefined),
    args: () => [],
  });

  private readonly names = new Task(this, {
    task: ([stationId]): Promise<StationNames> =>
      stationId ? stationNames(stationId) : Promise.resolve({ services: {} }),
    args: () => [this.detail?.stationId] as const,
  });

  private openForm(action: CaseAction) {
    this.open = action;
    this.fieldErrors = {};
    this.error = undefined;
    this.message = undefined;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const action = this.open;
    const detail = this.detail;
    if (!action || !detail) return;
    const form = event.target as HTMLFormElement;
    const values: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) values[k] = String(v);
    const today = detail.asOf.slice(0, 10);
    const checked = checkActionForm(action, values, today);
    this.fieldErrors = checked.errors;
    this.error = undefined;
    this.message = undefined;
    if (!checked.body) {
      await this.updateComplete;
      (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    this.busy = true;
    try {
      this.detail = await runCaseAction(detail.caseId, action, checked.body);
      this.message = { zh: `已记录：${ACTION_WORDS[action].zh}`, en: `Saved: ${ACTION_WORDS[action].en}` };
      this.open = undefined;
    } catch (error) {
      if (error instanceof ApiError) {
        const words = refusalWords(error);
        const field = error.field?.split('.').at(-1);
        if (error.status === 400 && field && ACTION_FIELDS[action].some((f) => f.name === field)) {
          this.fieldErrors = { [field]: words };
        } else {
          this.error = words;
        }
        // The case may have moved on meanwhile: show it as the hub has it now.
        if (error.status === 409) void this.load.run();
      } else {
        this.error = { zh: '无法连接中心。', en: (error as Error).message };
      }
    } finally {
      this.busy = false;
    }
  }

  private field(f: FieldSpec, settings: CaseSettings | undefined, detail: CaseDetail) {
    const id = `field-${f.name}`;
    const err = this.fieldErrors[f.name];
    const described = err ? `${id}-error` : nothing;
    const invalid = err ? 'true' : 'false';
    const label = html`<label for=${id}>${say(f.label)}${f.required ? html` <span aria-hidden="true">*</span>` : nothing}</label>`;
    const choose = html`<option value="">请选择 Choose…</option>`;
    let control: unknown;
    switch (f.kind) {
      case 'text':
        control = html`<input id=${id} name=${f.name} aria-invalid=${invalid} aria-describedby=${described} />`;
        break;
      case 'long-text':
        control = html`<textarea id=${id} name=${f.name} rows="4" aria-invalid=${invalid} aria-describedby=${described}></textarea>`;
        break;
      case 'channel':
        control = html`<select id=${id} name=${f.name} aria-invalid=${invalid} aria-describedby=${described}>
          ${choose}${Object.entries(CHANNEL_WORDS).map(([v, w]) => html`<option value=${v}>${say(w)}</option>`)}
        </select>`;
        break;
      case 'classification':
        control = html`<select id=${id} name=${f.name} aria-invalid=${invalid} aria-describedby=${described}>
          ${choose}${Object.entries(CLASSIFICATION_WORDS).map(([v, w]) => html`<option value=${v}>${say(w)}</option>`)}
        </select>`;
        break;
      case 'decision':
        control = html`<select id=${id} name=${f.name} aria-invalid=${invalid} aria-describedby=${described}>
          ${choose}${Object.entries(DECISION_WORDS).map(([v, w]) => html`<option value=${v}>${say(w)}</option>`)}
        </select>`;
        break;
      case 'level':
        control = html`<select id=${id} name=${f.name} aria-invalid=${invalid} aria-describedby=${described}>
          ${choose}${[5, 4, 3, 2, 1].map((v) => html`<option value=${v}>${v} · ${say(LEVEL_WORDS[v] as Words)}</option>`)}
        </select>`;
        break;
      case 'department':
        control = html`<select id=${id} name=${f.name} aria-invalid=${invalid} aria-describedby=${described}>
          ${choose}${(settings?.departments ?? [])
            .filter((d) => d.id !== detail.department)
            .map((d) => html`<option value=${d.id}>${d.zh} ${d.en}</option>`)}
        </select>`;
        break;
      case 'date':
        control = html`<input id=${id} name=${f.name} type="date" min=${detail.asOf.slice(0, 10)} aria-invalid=${invalid} aria-describedby=${described} />`;
        break;
      default: {
        const never: never = f.kind;
        throw new Error(`unknown field ${String(never)}`);
      }
    }
    return html`<div>${label}${control}${
      err ? html`<p class="error" id="${id}-error" role="alert">${say(err)}</p>` : nothing
    }</div>`;
  }

  private actions(detail: CaseDetail, settings: CaseSettings | undefined) {
    const allowed = this.operator ? allowedActions(detail, this.operator, Date.parse(detail.asOf)) : [];
    return html`<section class="card" aria-labelledby="actions-h">
      <h2 id="actions-h">办理 Actions</h2>
      <div aria-live="polite">
        ${this.error ? html`<p class="error" role="alert" data-testid="action-error">${say(this.error)}</p>` : nothing}
        ${this.message ? html`<p class="ok" role="status">${say(this.message)}</p>` : nothing}
      </div>
      ${
        allowed.length === 0
          ? html`<p class="muted">您在此办件当前状态下没有可执行的操作。There is nothing for you to do on this case now.</p>`
          : html`<div class="row" role="group" aria-label="可执行的操作 Actions you may take">
              ${allowed.map(
                (a) =>
                  html`<button type="button" aria-pressed=${this.open === a ? 'true' : 'false'} @click=${() => this.openForm(a)}>${say(ACTION_WORDS[a])}</button>`,
              )}
            </div>`
      }
      ${
        this.open && allowed.includes(this.open)
          ? html`<form novalidate @submit=${this.submit} aria-label=${say(ACTION_WORDS[this.open])}>
              <h3>${say(ACTION_WORDS[this.open])}</h3>
              ${ACTION_FIELDS[this.open].map((f) => this.field(f, settings, detail))}
              <div class="row" style="margin-top:0.6rem">
                <button class="primary" type="submit" ?disabled=${this.busy}>提交 Submit</button>
                <button type="button" @click=${() => {
                  this.open = undefined;
                  this.fieldErrors = {};
                }}>取消 Cancel</button>
              </div>
            </form>`
          : nothing
      }
    </section>`;
  }

  private who(h: History): string {
    if (h.type === 'CaseOpened') return '中心 Hub';
    if (h.by === undefined || h.by === 'citizen') return '群众 Citizen';
    return h.by;
  }

  /** What happened, in words; a note or reply is user text and shown as text. */
  private happened(h: History, settings: CaseSettings | undefined) {
    const d = h.data as Record<string, unknown>;
    const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
    const text = (k: string) =>
      str(k) !== undefined ? html`<p class="user-text" data-testid="user-text">${str(k)}</p>` : nothing;
    switch (h.type) {
      case 'CaseOpened':
        return html`<div>终端提交 Filed at the kiosk ${stationTime(Number(d.kioskAt))}${
          str('department')
            ? html` · 转至 routed to ${say(departmentWords(settings, str('department')))}`
            : nothing
        }</div>`;
      case 'CaseAssigned':
        return html`<div>负责人 Responsible: ${str('to')}</div>`;
      case 'CaseReassigned':
        return html`<div>转至 To ${say(departmentWords(settings, str('department')))}</div>${text('note')}`;
      case 'RequesterContacted':
      case 'CitizenCalledBack':
        return html`<div>方式 Channel: ${say(wordsOr(CHANNEL_WORDS, str('channel')))}</div>${text('note')}`;
      case 'ReplyGiven':
      case 'FeedbackGiven':
        return text('text');
      case 'RatingClassified':
        return html`<div>${say(wordsOr(CLASSIFICATION_WORDS, str('classification')))}${
          str('fixBy') ? html` · 整改期限 Fix by ${str('fixBy')} 24:00` : nothing
        }</div>${text('note')}`;
      case 'AppealDecided':
        return html`<div>${say(wordsOr(DECISION_WORDS, str('decision')))}</div>${text('note')}`;
      case 'CitizenRated':
        return html`<div>${say(wordsOr(LEVEL_WORDS, String(d.level)))}</div>${text('comment')}`;
      case 'CaseReopened':
        return text('reason');
      default:
        return text('note');
    }
  }

  private timeline(detail: CaseDetail, settings: CaseSettings | undefined) {
    return html`<section class="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">办理经过 Timeline</h2>
      <ol class="timeline" data-testid="timeline">
        ${detail.history.map(
          (h) => html`<li data-event=${h.type}>
            <div><strong>${say(wordsOr(EVENT_WORDS, h.type))}</strong>
              <span class="muted"> · <time datetime=${h.at}>${stationTime(h.at)}</time> · ${this.who(h)}</span></div>
            ${this.happened(h, settings)}
          </li>`,
        )}
      </ol>
    </section>`;
  }

  private dues(detail: CaseDetail) {
    const asOf = Date.parse(detail.asOf);
    const names = DUE_NAMES.filter((n) => detail.due[n] !== undefined);
    return html`<table aria-label="时限 Deadlines">
      <thead><tr><th scope="col">时限 Deadline</th><th scope="col">到期 Due</th><th scope="col">情况 State</th></tr></thead>
      <tbody>${names.map((n) => {
        const at = detail.due[n] as string;
        const met = detail.met[n] === true;
        const missed = !met && Date.parse(at) <= asOf;
        return html`<tr data-due=${n}>
          <td>${say(DUE_WORDS[n])}</td>
          <td><time datetime=${at}>${dueTime(at)}</time></td>
          <td>${
            met
              ? html`<span class="met">✓ 已完成 Done</span>`
              : missed
                ? html`<strong class="missed">✕ 已超期 Missed</strong>`
                : html`<span>… 未到期 Not yet due</span>`
          }</td>
        </tr>`;
      })}</tbody>
    </table>
    ${detail.provisional ? html`<p class="muted" data-testid="provisional">${say(PROVISIONAL_WORDS)}</p>` : nothing}`;
  }

  private facts(detail: CaseDetail, settings: CaseSettings | undefined) {
    const names = this.names.value;
    const station = names?.name
      ? `${names.name.zh} ${names.name.en} (${detail.stationId})`
      : detail.stationId;
    const service =
      detail.serviceId !== undefined ? (names?.services[detail.serviceId] ?? undefined) : undefined;
    const row = (label: string, value: unknown) =>
      html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
    return html`<section class="card" aria-labelledby="facts-h">
      <h2 id="facts-h">基本情况 Facts</h2>
      <table class="facts">
        ${row('类型 Kind', say(KIND_WORDS[detail.kind]))}
        ${detail.number ? row('诉求编号 Request number', html`<span data-testid="number">${detail.number}</span>`) : nothing}
        ${row('灯 Light', html`<span data-testid="light">${caseLight(detail.light)}</span>`)}
        ${row('状态 Status', html`<span data-testid="status">${say(wordsOr(STATUS_WORDS, detail.status))}</span>`)}
        ${row('群众看到的进度 Stage the citizen sees', say(wordsOr(STAGE_WORDS, detail.stage)))}
        ${row('站点 Station', station)}
        ${row('负责人 Responsible', html`<span data-testid="assignee">${detail.assignee ?? '未指定 Not yet named'}</span>`)}
        ${detail.kind === 'request' ? row('类别 Category', say(wordsOr(CATEGORY_WORDS, detail.category))) : nothing}
        ${detail.kind === 'request' ? row('承办部门 Department', html`<span data-testid="department">${say(departmentWords(settings, detail.department))}</span>`) : nothing}
        ${
          detail.kind === 'rating'
            ? html`${row('评价 Rating', say(wordsOr(LEVEL_WORDS, String(detail.level))))}
              ${row('业务 Service', service ? say(service) : '—')}
              ${detail.classification ? row('处置方式 Classification', say(wordsOr(CLASSIFICATION_WORDS, detail.classification))) : nothing}
              ${detail.voided ? row('申诉结果 Appeal', say(DECISION_WORDS.voided)) : nothing}`
            : nothing
        }
        ${row('终端提交 Filed at the kiosk', stationTime(detail.kioskAt))}
        ${row('中心受理 Received by the hub', html`${stationTime(detail.receivedAt)} <span class="muted">（时限自此起算 clocks start here）</span>`)}
        ${detail.longRunning ? row('长期推进 Long-running', '是，每 7 天报送进展 Yes: a progress note every 7 days') : nothing}
        ${detail.reopenCount > 0 ? row('重新办理 Reopened', `${detail.reopenCount} 次 times`) : nothing}
        ${detail.citizenLevel !== undefined ? row('群众对办理的评价 The citizen rated the handling', say(wordsOr(LEVEL_WORDS, String(detail.citizenLevel)))) : nothing}
        ${detail.reply !== undefined ? row('答复（群众可见）Reply the citizen reads', html`<p class="user-text">${detail.reply}</p>`) : nothing}
        ${detail.feedback !== undefined ? row('反馈（群众可见）Feedback the citizen reads', html`<p class="user-text">${detail.feedback}</p>`) : nothing}
      </table>
      <h3>时限 Deadlines <span class="muted">（截至 as of ${stationTime(detail.asOf)}）</span></h3>
      ${this.dues(detail)}
    </section>`;
  }

  /** What the citizen wrote and how to reach them: their own text, shown as text. */
  private citizen(detail: CaseDetail) {
    const c = detail.citizen;
    const row = (label: Words, value: unknown, testId: string) =>
      html`<tr><th scope="row">${say(label)}</th><td data-testid=${testId}>${value}</td></tr>`;
    const plain = (v: string | undefined) => (v === undefined || v === '' ? say(CITIZEN_WORDS.none) : v);
    const long = (v: string | undefined) =>
      v === undefined || v === '' ? say(CITIZEN_WORDS.none) : html`<p class="user-text">${v}</p>`;
    let rows: unknown;
    if (!c) {
      rows = html`<p class="muted" data-testid="citizen-unavailable">${say(CITIZEN_WORDS.unavailable)}</p>`;
    } else if (detail.kind === 'request') {
      rows = html`<table class="facts">
        ${row(CITIZEN_WORDS.description, long(c.description), 'citizen-description')}
        ${row(CITIZEN_WORDS.contactName, plain(c.contactName), 'citizen-contact-name')}
        ${row(CITIZEN_WORDS.phone, plain(c.phone), 'citizen-phone')}
      </table>`;
    } else {
      const indicators = Object.entries(c.indicators ?? {});
      rows = html`<table class="facts">
        ${row(CITIZEN_WORDS.ticketNumber, plain(c.ticketNumber), 'citizen-ticket')}
        ${row(CITIZEN_WORDS.comment, long(c.comment), 'citizen-comment')}
        ${row(
          CITIZEN_WORDS.indicators,
          indicators.length === 0
            ? say(CITIZEN_WORDS.none)
            : html`<ul style="margin:0;padding-left:1.1rem">${indicators.map(
                ([k, level]) =>
                  html`<li>${say(wordsOr(INDICATOR_WORDS, k))}: ${level} · ${say(wordsOr(LEVEL_WORDS, String(level)))}</li>`,
              )}</ul>`,
          'citizen-indicators',
        )}
        ${row(CITIZEN_WORDS.callbackPhone, plain(c.phone), 'citizen-phone')}
      </table>`;
    }
    return html`<section class="card" aria-labelledby="citizen-h">
      <h2 id="citizen-h">${say(CITIZEN_WORDS.title)}</h2>
      <p class="muted">${say(CITIZEN_WORDS.private)}</p>
      ${rows}
    </section>`;
  }

  override render() {
    const back = html`<p><a href="#/cases">← 返回办件 Back to cases</a></p>`;
    const settings = this.settings.value;
    const detail = this.detail?.caseId === this.caseId ? this.detail : undefined;
    if (!detail) {
      return html`${back}${this.load.render({
        pending: () => html`<p aria-busy="true">加载中… Loading…</p>`,
        error: (e) =>
          html`<p class="error" role="alert">${e instanceof ApiError ? say(refusalWords(e)) : (e as Error).message}</p>`,
      })}`;
    }
    const title =
      detail.kind === 'request'
        ? `${say(KIND_WORDS.request)} ${detail.number ?? ''}`
        : `${say(KIND_WORDS.rating)} · ${say(wordsOr(LEVEL_WORDS, String(detail.level)))}`;
    return html`${back}
      <h1>${title}</h1>
      ${this.facts(detail, settings)}
      ${this.citizen(detail)}
      ${this.actions(detail, settings)}
      ${this.timeline(detail, settings)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-case-view': XzCaseView;
  }
}
