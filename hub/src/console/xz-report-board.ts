/**
 * xz-report-board: the 红黄蓝 board for a period (`from`, `to` of the route's query): stations
 * ranked, each figure and the station marked blue / yellow / red by icon, word and colour, with the
 * legend of the thresholds; printable as a one-page notice (print hides the controls, the shell
 * hides its navigation). District operators and admins set the thresholds (refusals beside fields).
 * Events: `xz-navigate` {path} (a new period). Slots, parts: none.
 */
import { css, html, LitElement, nothing, type PropertyValues, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from './data/api.ts';
import { refusalWords, say, type Words } from './data/case-words.ts';
import {
  type Board,
  type BoardMark,
  type BoardSettings,
  emptyNames,
  fetchBoard,
  formatCell,
  labelOf,
  MARK_WORDS,
  parseReportQuery,
  type ReportNames,
  reportQuery,
  saveBoardSettings,
  stationToday,
} from './data/reports.ts';
import { consoleStyles } from './styles.ts';

const ICONS: Record<BoardMark, ReturnType<typeof svg>> = {
  blue: svg`<circle cx="8" cy="8" r="7" fill="#0b57d0"/><path d="M4.5 8.2l2.3 2.3 4.7-4.8" stroke="#fff" stroke-width="2" fill="none"/>`,
  yellow: svg`<path d="M8 1l7 13H1z" fill="#f0a500"/><path d="M8 5.5v4M8 11.3v1.4" stroke="#1b1f24" stroke-width="1.8"/>`,
  red: svg`<rect x="1" y="1" width="14" height="14" rx="2" fill="#b3261e"/><path d="M5 5l6 6M11 5l-6 6" stroke="#fff" stroke-width="2"/>`,
  none: svg`<circle cx="8" cy="8" r="6.5" fill="none" stroke="#5b6470" stroke-width="1.5"/><path d="M5 8h6" stroke="#5b6470" stroke-width="1.5"/>`,
};

/** The threshold fields: path in the settings, words, unit (rates are entered in percent). */
const FIELDS: ReadonlyArray<{ path: string; words: Words; percent: boolean }> = [
  {
    path: 'goodRate.blueAtLeast',
    words: { zh: '好评率 蓝（不低于 %）', en: 'Good rate blue at least (%)' },
    percent: true,
  },
  {
    path: 'goodRate.redBelow',
    words: { zh: '好评率 红（低于 %）', en: 'Good rate red below (%)' },
    percent: true,
  },
  {
    path: 'onTimeRate.blueAtLeast',
    words: { zh: '诉求按时率 蓝（不低于 %）', en: 'On time blue at least (%)' },
    percent: true,
  },
  {
    path: 'onTimeRate.redBelow',
    words: { zh: '诉求按时率 红（低于 %）', en: 'On time red below (%)' },
    percent: true,
  },
  {
    path: 'waitMeanMinutes.blueAtMost',
    words: { zh: '平均等候 蓝（不超过 分钟）', en: 'Mean wait blue at most (min)' },
    percent: false,
  },
  {
    path: 'waitMeanMinutes.redAbove',
    words: { zh: '平均等候 红（超过 分钟）', en: 'Mean wait red above (min)' },
    percent: false,
  },
];

type Thresholds = Omit<BoardSettings, 'updatedAt' | 'updatedBy'>;

const read = (s: Thresholds, path: string): number => {
  const [group, key] = path.split('.') as [keyof Thresholds, string];
  return (s[group] as Record<string, number>)[key];
};

const failure = (e: unknown): Words =>
  e instanceof ApiError ? refusalWords(e) : { zh: '无法连接中心。', en: (e as Error).message };

@customElement('xz-report-board')
export class XzReportBoard extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .mark { display: inline-flex; align-items: center; gap: 0.35em; white-space: nowrap; font-weight: 600; }
      .mark svg { width: 1em; height: 1em; flex: none; }
      /* In the table a mark wraps, so the ranked table fits the page (and an A4 sheet). */
      td .mark { white-space: normal; }
      .table-wrap { overflow-x: auto; }
      .mark.blue { color: #0b3d91; }
      .mark.yellow { color: #6b4a00; }
      .mark.red { color: #a50e0e; }
      .mark.none { color: #5b6470; font-weight: 400; }
      tr.red td, tr.red th { background: #fdf0ef; }
      tr.yellow td, tr.yellow th { background: #fff8e5; }
      tr.blue td, tr.blue th { background: #eef4fe; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem; margin: 0.6rem 0; }
      form.period { display: flex; gap: 0.8rem; align-items: end; flex-wrap: wrap; }
      form.period > div { width: 11rem; }
      .field-error { color: #b3261e; font-size: 0.9em; margin: 0.15rem 0 0; }
      .settings { display: grid; grid-template-columns: repeat(2, minmax(12rem, 1fr)); gap: 0 1rem; }
      @media print {
        .controls { display: none !important; }
        :host { font-size: 11pt; }
        .card { box-shadow: none; padding: 0; }
        table { page-break-inside: avoid; }
        th, td { padding: 0.25rem 0.4rem; }
      }
    `,
  ];

  /** The route's query (`from`, `to`). */
  @property() query = '';
  /** Names of stations. */
  @property({ attribute: false }) names: ReportNames = emptyNames();
  /** The operator may change the thresholds. */
  @property({ type: Boolean, reflect: true }) canEdit = false;

  @state() private board?: Board;
  @state() private error?: Words;
  @state() private draft: Record<string, string> = {};
  @state() private fieldErrors: Record<string, Words> = {};
  @state() private saved?: Words;
  @state() private saving = false;

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('query')) void this.load();
  }

  private get period() {
    const f = parseReportQuery(this.query, stationToday());
    return { from: f.from, to: f.to };
  }

  private async load() {
    this.error = undefined;
    try {
      this.board = await fetchBoard(this.period);
      this.draft = Object.fromEntries(
        FIELDS.map((f) => {
          const v = read(this.board?.settings as Thresholds, f.path);
          return [f.path, String(f.percent ? Math.round(v * 10_000) / 100 : v)];
        }),
      );
    } catch (e) {
      this.error = failure(e);
    }
  }

  private choosePeriod(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const path = `#/reports/board?${reportQuery({ from: String(data.get('from')), to: String(data.get('to')) })}`;
    this.dispatchEvent(new CustomEvent('xz-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  private async saveSettings(event: SubmitEvent) {
    event.preventDefault();
    this.saved = undefined;
    const errors: Record<string, Words> = {};
    const values: Record<string, number> = {};
    for (const f of FIELDS) {
      const n = Number(this.draft[f.path]);
      const max = f.percent ? 100 : 1440;
      if (this.draft[f.path]?.trim() === '' || !Number.isFinite(n) || n < 0 || n > max)
        errors[f.path] = { zh: `请输入 0 至 ${max} 之间的数。`, en: `Enter a number from 0 to ${max}.` };
      else values[f.path] = f.percent ? Math.round(n * 100) / 10_000 : n;
    }
    this.fieldErrors = errors;
    if (Object.keys(errors).length > 0) return this.focusInvalid();
    const settings: Thresholds = {
      goodRate: { blueAtLeast: values['goodRate.blueAtLeast'], redBelow: values['goodRate.redBelow'] },
      onTimeRate: { blueAtLeast: values['onTimeRate.blueAtLeast'], redBelow: values['onTimeRate.redBelow'] },
      waitMeanMinutes: {
        blueAtMost: values['waitMeanMinutes.blueAtMost'],
        redAbove: values['waitMeanMinutes.redAbove'],
      },
    };
    this.saving = true;
    try {
      await saveBoardSettings(settings);
      this.saved = {
        zh: '已保存，榜单已按新标准标注。',
        en: 'Saved; the board is marked by the new thresholds.',
      };
      await this.load();
    } catch (e) {
      const words = failure(e);
      if (e instanceof ApiError && e.field && FIELDS.some((f) => f.path === e.field)) {
        this.fieldErrors = { [e.field]: words };
        return this.focusInvalid();
      }
      this.error = words;
    } finally {
      this.saving = false;
    }
  }

  private async focusInvalid() {
    await this.updateComplete;
    (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
  }

  private mark(m: BoardMark) {
    return html`<span class="mark ${m}"><svg viewBox="0 0 16 16" aria-hidden="true">${ICONS[m]}</svg>${say(MARK_WORDS[m])}</span>`;
  }

  private legend(b: Board) {
    const s = b.settings;
    const pct = (v: number) => formatCell('rate', v);
    return html`<div class="legend" aria-label="图例 Legend">
      <span>${this.mark('blue')}：好评率 ≥ ${pct(s.goodRate.blueAtLeast)}，按时率 ≥ ${pct(s.onTimeRate.blueAtLeast)}，平均等候 ≤ ${s.waitMeanMinutes.blueAtMost} 分钟 min</span>
      <span>${this.mark('red')}：好评率 &lt; ${pct(s.goodRate.redBelow)}，按时率 &lt; ${pct(s.onTimeRate.redBelow)}，平均等候 &gt; ${s.waitMeanMinutes.redAbove} 分钟 min</span>
      <span>${this.mark('yellow')}：介于两者之间 In between</span>
      <span class="muted">站点标记取其最差一项。 A station is marked by its worst figure.</span>
    </div>`;
  }

  private settingsForm() {
    return html`<form class="card controls" @submit=${this.saveSettings} novalidate aria-labelledby="settings-title">
      <h2 id="settings-title">标注标准 Thresholds</h2>
      <div class="settings">
        ${FIELDS.map((f) => {
          const id = `f-${f.path.replace('.', '-')}`;
          const problem = this.fieldErrors[f.path];
          return html`<div>
            <label for=${id}>${say(f.words)}</label>
            <input id=${id} inputmode="decimal" .value=${this.draft[f.path] ?? ''}
              aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? `${id}-error` : nothing}
              @input=${(e: Event) => {
                this.draft = { ...this.draft, [f.path]: (e.target as HTMLInputElement).value };
              }}>
            ${problem ? html`<p class="field-error" id=${`${id}-error`} data-error-for=${f.path}>${say(problem)}</p>` : nothing}
          </div>`;
        })}
      </div>
      <p class="row"><button class="primary" type="submit" ?disabled=${this.saving}>保存标准 Save thresholds</button>
        ${this.saved ? html`<span class="ok" role="status">${say(this.saved)}</span>` : nothing}</p>
    </form>`;
  }

  override render() {
    const p = this.period;
    const b = this.board;
    return html`
      <h1>红黄蓝榜 Station board · ${p.from} – ${p.to}</h1>
      <form class="period controls" @submit=${this.choosePeriod} aria-label="期间 Period">
        <div><label for="b-from">开始日期 From</label><input id="b-from" name="from" type="date" required .value=${p.from}></div>
        <div><label for="b-to">结束日期 To</label><input id="b-to" name="to" type="date" required .value=${p.to}></div>
        <button type="submit">查询 Show</button>
        <button type="button" @click=${() => window.print()}>打印 Print</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${say(this.error)}</p>` : nothing}
      ${
        b
          ? html`<section class="card" data-testid="board">
          ${this.legend(b)}
          <div class="table-wrap"><table>
            <caption class="muted" style="text-align:left">站点排名 Stations ranked · ${b.from} – ${b.to}${b.demo ? ' · 含演示数据 includes demo history' : ''}</caption>
            <thead><tr>
              <th scope="col">名次 Rank</th><th scope="col">站点 Station</th><th scope="col">标记 Mark</th>
              <th scope="col">好评率 Good rate</th><th scope="col">评价数 Ratings</th>
              <th scope="col">诉求按时率 Requests on time</th><th scope="col">诉求数 Requests</th>
              <th scope="col">平均等候(分钟) Mean wait (min)</th><th scope="col">取号数 Issued</th>
            </tr></thead>
            <tbody>${
              b.rows.length === 0
                ? html`<tr><td colspan="9">本期无数据。 No figures for this period.</td></tr>`
                : b.rows.map(
                    (r) => html`<tr class=${r.mark} data-station=${r.stationId}>
                  <td class="num">${r.rank}</td>
                  <th scope="row">${say(labelOf('stationId', r.stationId, this.names))}</th>
                  <td>${this.mark(r.mark)}</td>
                  <td>${formatCell('rate', r.goodRate)} ${this.mark(r.goodRateMark)}</td>
                  <td class="num">${r.ratings}</td>
                  <td>${formatCell('rate', r.onTimeRate)} ${this.mark(r.onTimeRateMark)}</td>
                  <td class="num">${r.requests}</td>
                  <td>${formatCell('minutes', r.waitMeanMinutes)} ${this.mark(r.waitMeanMark)}</td>
                  <td class="num">${r.issued}</td>
                </tr>`,
                  )
            }</tbody>
          </table></div>
          <p class="muted">统计截至 As of ${b.asOf}</p>
        </section>`
          : this.error
            ? nothing
            : html`<p aria-busy="true">加载中… Loading…</p>`
      }
      ${this.canEdit && b ? this.settingsForm() : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-report-board': XzReportBoard;
  }
}
