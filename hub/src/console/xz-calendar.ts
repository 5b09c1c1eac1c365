/**
 * xz-calendar: the working-day calendar. Every year known, bundled with the product or saved on
 * the hub (by whom and when, in station time), and the years still missing; one year's holidays
 * and adjusted working days, edited by admins and the district office (others read them), checked
 * here first with a message beside each wrong field, then by the hub, whose refusal names the
 * field and is shown beside it too. A year not yet listed (e.g. next year) is added by its number.
 * Properties: `year` (the year open, from the address), `canEdit`.
 * Events: `xz-navigate` {path} (open a year), `xz-calendar-saved` {year} (the shell refreshes its
 * warning). Slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  ApiError,
  type CalendarData,
  type CalendarOverview,
  type CalendarYear,
  fetchCalendar,
  saveCalendarYear,
} from './data/api.ts';
import {
  CALENDAR_CHECK_WORDS,
  CALENDAR_WORDS,
  CALENDAR_YEARS,
  calendarToSave,
  checkCalendarYear,
  dayWithWeekday,
  emptyYear,
  holidayLength,
} from './data/calendar.ts';
import { refusalWords, say, type Words } from './data/case-words.ts';
import { stationTime } from './data/station-time.ts';
import { consoleStyles } from './styles.ts';

/** The address of one year of the calendar. */
export const calendarPath = (year?: number) => (year === undefined ? '#/calendar' : `#/calendar/${year}`);

/** The year an address names, when it is one the hub accepts. */
export function parseCalendarYear(segment: string | undefined): number | undefined {
  if (!segment || !/^\d{4}$/.test(segment)) return undefined;
  const year = Number(segment);
  return year >= CALENDAR_YEARS.min && year <= CALENDAR_YEARS.max ? year : undefined;
}

const HOLIDAY_FIELDS = [
  { key: 'name', label: { zh: '中文名称', en: 'Chinese name' }, type: 'text' },
  { key: 'en', label: { zh: '英文名称', en: 'English name' }, type: 'text' },
  { key: 'from', label: { zh: '开始', en: 'From' }, type: 'date' },
  { key: 'to', label: { zh: '结束', en: 'To' }, type: 'date' },
] as const;

@customElement('xz-calendar')
export class XzCalendar extends LitElement {
  static override styles = consoleStyles;

  /** The year open (from the address), if any. */
  @property({ type: Number }) year?: number;
  /** The operator may edit the calendar (admin, district operator); others read it. */
  @property({ type: Boolean, reflect: true }) canEdit = false;

  /** The open year as being edited. */
  @state() private draft?: CalendarData;
  @state() private errors: Record<string, Words> = {};
  @state() private error?: Words;
  @state() private message?: Words;
  @state() private addYearError?: Words;
  @state() private busy = false;

  private readonly load = new Task(this, {
    task: (_args, { signal }) => fetchCalendar(signal),
    args: () => [],
  });

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('year')) {
      this.errors = {};
      this.error = undefined;
      if (changed.get('year') !== undefined) this.message = undefined;
    }
    const overview = this.load.value;
    if (this.year === undefined) this.draft = undefined;
    else if (overview && this.draft?.year !== this.year) {
      const known = overview.years.find((y) => y.year === this.year);
      this.draft = structuredClone(known?.data ?? emptyYear(this.year));
    }
  }

  private go(year: number) {
    this.dispatchEvent(
      new CustomEvent('xz-navigate', { detail: { path: calendarPath(year) }, bubbles: true, composed: true }),
    );
  }

  private edit(mutate: (d: CalendarData) => void) {
    if (!this.draft) return;
    const next = structuredClone(this.draft);
    mutate(next);
    this.draft = next;
    this.message = undefined;
  }

  private addYear(event: SubmitEvent, overview: CalendarOverview) {
    event.preventDefault();
    const raw = String(new FormData(event.target as HTMLFormElement).get('year') ?? '').trim();
    const year = parseCalendarYear(raw);
    if (year === undefined) {
      this.addYearError = CALENDAR_CHECK_WORDS.year;
      return;
    }
    if (overview.years.some((y) => y.year === year)) {
      this.addYearError = CALENDAR_CHECK_WORDS.known;
      return;
    }
    this.addYearError = undefined;
    this.go(year);
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const draft = this.draft;
    if (!draft) return;
    this.errors = checkCalendarYear(draft);
    this.error = undefined;
    this.message = undefined;
    if (Object.keys(this.errors).length > 0) {
      this.error = CALENDAR_WORDS.fix;
      await this.updateComplete;
      (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    const body = calendarToSave(draft);
    this.draft = body;
    this.busy = true;
    try {
      const saved = await saveCalendarYear(body);
      this.draft = structuredClone(saved.data);
      this.message = CALENDAR_WORDS.saved;
      this.dispatchEvent(
        new CustomEvent('xz-calendar-saved', { detail: { year: saved.year }, bubbles: true, composed: true }),
      );
      void this.load.run();
    } catch (e) {
      if (e instanceof ApiError) {
        const words = refusalWords(e);
        if (e.field) this.errors = { [e.field]: words };
        this.error = words;
        await this.updateComplete;
        (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      } else {
        this.error = { zh: '无法连接中心。', en: (e as Error).message };
      }
    } finally {
      this.busy = false;
    }
  }

  private err(path: string) {
    const e = this.errors[path];
    return e ? html`<p class="error" id=${`err-${path}`} data-error-for=${path}>${say(e)}</p>` : nothing;
  }

  private attrs(path: string) {
    return {
      invalid: this.errors[path] ? 'true' : 'false',
      described: this.errors[path] ? `err-${path}` : nothing,
    };
  }

  /** Where the year comes from: bundled, or saved on the hub by whom and when. */
  private origin(y: CalendarYear | undefined) {
    if (!y) return html`<strong class="missed">${say(CALENDAR_WORDS.missing)}</strong>`;
    if (y.source === 'bundled') return say(CALENDAR_WORDS.bundled);
    return html`${say(CALENDAR_WORDS.hub)}<div class="muted">${y.updatedBy ?? '—'} · ${stationTime(y.updatedAt)}</div>`;
  }

  private years(overview: CalendarOverview) {
    const all = [...new Set([...overview.years.map((y) => y.year), ...overview.missing])].sort(
      (a, b) => a - b,
    );
    return html`<section class="card" aria-labelledby="years-h">
      <h2 id="years-h" style="margin-top:0">年份 Years</h2>
      <table aria-labelledby="years-h">
        <thead><tr><th scope="col">年份 Year</th><th scope="col">来源 Source</th>
          <th scope="col">节假日 Holidays</th><th scope="col">调休上班日 Adjusted working days</th></tr></thead>
        <tbody>${all.map((year) => {
          const y = overview.years.find((x) => x.year === year);
          return html`<tr data-year=${year}>
            <th scope="row"><a href=${calendarPath(year)} aria-current=${this.year === year ? 'page' : 'false'}>${year}</a></th>
            <td data-testid="origin">${this.origin(y)}</td>
            <td>${y ? y.data.holidays.length : '—'}</td>
            <td>${y ? y.data.workdays.length : '—'}</td>
          </tr>`;
        })}</tbody>
      </table>
      ${
        this.canEdit
          ? html`<form class="row" novalidate aria-label="添加年份 Add a year" style="margin-top:0.6rem"
              @submit=${(e: SubmitEvent) => this.addYear(e, overview)}>
              <div><label for="add-year">年份 Year</label>
                <input id="add-year" name="year" inputmode="numeric" style="width:8rem"
                  aria-invalid=${this.addYearError ? 'true' : 'false'}
                  aria-describedby=${this.addYearError ? 'add-year-error' : nothing} /></div>
              <button type="submit" style="align-self:end">添加年份 Add a year</button>
              ${this.addYearError ? html`<p class="error" id="add-year-error" style="flex-basis:100%">${say(this.addYearError)}</p>` : nothing}
            </form>`
          : nothing
      }
    </section>`;
  }

  /** A year as readers see it. */
  private readView(data: CalendarData) {
    return html`
      <h3>节假日 Holidays</h3>
      ${
        data.holidays.length === 0
          ? html`<p class="muted">未列出节假日。No holidays listed.</p>`
          : html`<table aria-label="节假日 Holidays">
              <thead><tr><th scope="col">名称 Name</th><th scope="col">日期 Dates</th><th scope="col">天数 Days</th></tr></thead>
              <tbody>${data.holidays.map(
                (h) =>
                  html`<tr><td>${h.name} ${h.en}</td><td>${dayWithWeekday(h.from)} – ${dayWithWeekday(h.to)}</td><td>${holidayLength(h)}</td></tr>`,
              )}</tbody>
            </table>`
      }
      <h3>调休上班日 Adjusted working days</h3>
      ${
        data.workdays.length === 0
          ? html`<p class="muted">未列出调休上班日。No adjusted working days listed.</p>`
          : html`<ul>${data.workdays.map((d) => html`<li>${dayWithWeekday(d)}</li>`)}</ul>`
      }`;
  }

  private holidayRow(d: CalendarData, i: number) {
    const h = d.holidays[i];
    if (!h) return nothing;
    const row = `holidays.${i}`;
    return html`<tr data-holiday=${i}>
        ${HOLIDAY_FIELDS.map((f) => {
          const path = `${row}.${f.key}`;
          const a = this.attrs(path);
          return html`<td><input type=${f.type} aria-label=${`${say(f.label)} ${i + 1}`} data-field=${path}
            min=${f.type === 'date' ? `${d.year}-01-01` : nothing} max=${f.type === 'date' ? `${d.year}-12-31` : nothing}
            .value=${h[f.key]} aria-invalid=${a.invalid} aria-describedby=${a.described}
            @input=${(e: Event) =>
              this.edit((x) => {
                const target = x.holidays[i];
                if (target) target[f.key] = (e.target as HTMLInputElement).value;
              })} />${this.err(path)}</td>`;
        })}
        <td><button type="button" class="danger" aria-label=${`删除节假日 Remove holiday ${i + 1}`}
          @click=${() => this.edit((x) => x.holidays.splice(i, 1))}>删除 Remove</button></td>
      </tr>
      ${this.errors[row] ? html`<tr><td colspan="5">${this.err(row)}</td></tr>` : nothing}`;
  }

  /** A year as admins and the district office edit it. */
  private editor(d: CalendarData) {
    return html`<form novalidate @submit=${this.save} aria-label=${`${d.year} ${say(CALENDAR_WORDS.title)}`}>
      <h3 id="holidays-h">节假日 Holidays</h3>
      <table aria-labelledby="holidays-h">
        <thead><tr>${HOLIDAY_FIELDS.map((f) => html`<th scope="col">${say(f.label)}</th>`)}<th scope="col"></th></tr></thead>
        <tbody>${d.holidays.map((_h, i) => this.holidayRow(d, i))}</tbody>
      </table>
      ${this.err('holidays')}
      <p><button type="button" @click=${() => this.edit((x) => x.holidays.push({ name: '', en: '', from: '', to: '' }))}>添加节假日 Add a holiday</button></p>

      <h3 id="workdays-h">调休上班日 Adjusted working days <span class="muted">（周六或周日 Saturdays or Sundays）</span></h3>
      <ul aria-labelledby="workdays-h" style="list-style:none;padding:0">${d.workdays.map((day, i) => {
        const path = `workdays.${i}`;
        const a = this.attrs(path);
        return html`<li class="row" style="margin:0 0 0.35rem" data-workday=${i}>
          <input type="date" style="width:12rem" aria-label=${`调休上班日 Adjusted working day ${i + 1}`} data-field=${path}
            min=${`${d.year}-01-01`} max=${`${d.year}-12-31`} .value=${day} aria-invalid=${a.invalid} aria-describedby=${a.described}
            @input=${(e: Event) =>
              this.edit((x) => {
                x.workdays[i] = (e.target as HTMLInputElement).value;
              })} />
          <span class="muted" style="min-width:12rem">${dayWithWeekday(day)}</span>
          <button type="button" class="danger" aria-label=${`删除调休上班日 Remove adjusted working day ${i + 1}`}
            @click=${() => this.edit((x) => x.workdays.splice(i, 1))}>删除 Remove</button>
          ${this.err(path)}
        </li>`;
      })}</ul>
      ${this.err('workdays')}
      <p><button type="button" @click=${() => this.edit((x) => x.workdays.push(''))}>添加调休上班日 Add an adjusted working day</button></p>

      <div aria-live="polite">
        ${this.error ? html`<p class="error" role="alert" data-testid="calendar-error">${say(this.error)}</p>` : nothing}
        ${this.message ? html`<p class="ok" role="status">${say(this.message)}</p>` : nothing}
      </div>
      ${this.err('year')}
      <p><button class="primary" type="submit" ?disabled=${this.busy}>保存 ${d.year} 年日历 Save the ${d.year} calendar</button></p>
    </form>`;
  }

  private yearView(overview: CalendarOverview) {
    const d = this.draft;
    if (this.year === undefined || !d) return nothing;
    const y = overview.years.find((x) => x.year === this.year);
    return html`<section class="card" aria-labelledby="year-h" data-testid="calendar-year">
      <h2 id="year-h" style="margin-top:0">${d.year} 年日历 The ${d.year} calendar</h2>
      <p data-testid="year-origin">${this.origin(y)}</p>
      ${y?.data.source ? html`<p class="muted">依据 Source: ${y.data.source}</p>` : nothing}
      ${this.canEdit ? this.editor(d) : this.readView(d)}
    </section>`;
  }

  override render() {
    return html`
      <h1>${say(CALENDAR_WORDS.title)}</h1>
      <p class="muted">${CALENDAR_WORDS.intro.zh} ${CALENDAR_WORDS.intro.en}</p>
      ${this.canEdit ? nothing : html`<p class="muted">${say(CALENDAR_WORDS.readOnly)}</p>`}
      ${this.load.render({
        pending: () =>
          this.load.value
            ? html`${this.years(this.load.value)}${this.yearView(this.load.value)}`
            : html`<p aria-busy="true">加载中… Loading…</p>`,
        error: (e) =>
          html`<p class="error" role="alert">${e instanceof ApiError ? say(refusalWords(e)) : (e as Error).message}</p>`,
        complete: (overview) => html`${this.years(overview)}${this.yearView(overview)}`,
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-calendar': XzCalendar;
  }
}
