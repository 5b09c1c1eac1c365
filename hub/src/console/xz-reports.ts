/**
 * xz-reports: the reports section (loaded only on its routes): a sub-navigation (figures, the
 * red/yellow/blue board, policy publication) and the figures page: filters kept in the URL
 * (`#/reports?from&to&stationId&serviceId`, applied through `xz-navigate`), the period's summary,
 * and a section per table of the hub (by day, hour, station, service, counter, green group, rating
 * level and indicator, request category and department, station days): a chart where it helps,
 * the table with the same numbers (one reply of the hub feeds both), rows named in words, and a
 * CSV download of the same filters streamed with the rows received shown. A section is
 * `aria-busy` while the page loads.
 * Events: `xz-navigate` {path}. Slots: the default slot is never shown (a loading text before the
 * element is defined). Parts: none.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from './data/api.ts';
import { refusalWords, say, type Words } from './data/case-words.ts';
import {
  type CsvProgress,
  downloadReportCsv,
  emptyNames,
  fetchReportNames,
  fetchReportSummary,
  fetchReportTable,
  formatCell,
  labelOf,
  parseReportQuery,
  type ReportFilter,
  type ReportNames,
  type ReportRow,
  type ReportSummary,
  type ReportTable,
  type ReportTableName,
  reportQuery,
  saveFile,
  stationToday,
} from './data/reports.ts';
import { consoleStyles } from './styles.ts';
import './xz-report-chart.ts';
import './xz-report-board.ts';
import './xz-report-policies.ts';

/** One breakdown on the page: its table, the chart drawn from it and the columns shown. */
interface Section {
  id: string;
  title: Words;
  table: ReportTableName;
  /** The column whose words head each row. */
  labelKey: string;
  columns: string[];
  /** The numeric columns charted (one series each); none: the table alone. */
  chart?: { series: string[]; kind: 'bar' | 'line' };
  /** Rows shown at most (the CSV has every row). */
  limit?: number;
}

const REQUEST_GROUP_COLUMNS = [
  'received',
  'contactedOnTime',
  'contactedLate',
  'feedbackOnTime',
  'feedbackLate',
  'closed',
  'reopened',
  'closeMinutesMedian',
];
const REQUEST_SERIES = ['contactedOnTime', 'contactedLate', 'feedbackOnTime', 'feedbackLate'];

/** Rows of the station-days table shown on the page. */
export const STATION_DAYS_SHOWN = 100;

const SECTIONS: readonly Section[] = [
  {
    id: 'by-day',
    title: { zh: '每日取号', en: 'Tickets by day' },
    table: 'by-day',
    labelKey: 'day',
    chart: { series: ['issued', 'served', 'noShow'], kind: 'bar' },
    columns: ['day', 'issued', 'served', 'noShow', 'cancelled', 'waitMean', 'waitP90', 'goodRate'],
  },
  {
    id: 'by-hour',
    title: { zh: '各时段取号（繁忙时段）', en: 'Tickets by hour (busiest hours)' },
    table: 'by-hour',
    labelKey: 'hour',
    chart: { series: ['tickets'], kind: 'bar' },
    columns: ['hour', 'tickets', 'served', 'noShow', 'waitMean', 'waitMax'],
  },
  {
    id: 'by-station',
    title: { zh: '各站点', en: 'By station' },
    table: 'by-station',
    labelKey: 'stationId',
    chart: { series: ['issued', 'served'], kind: 'bar' },
    columns: [
      'stationId',
      'issued',
      'served',
      'noShow',
      'waitMean',
      'waitP90',
      'serviceMean',
      'greenShare',
      'goodRate',
      'requests',
      'feedbackOnTime',
    ],
  },
  {
    id: 'by-service',
    title: { zh: '各事项等候时间', en: 'Waits by service' },
    table: 'by-service',
    labelKey: 'serviceId',
    chart: { series: ['waitMean', 'waitP90'], kind: 'bar' },
    columns: ['serviceId', 'issued', 'served', 'waitMean', 'waitP90', 'waitMax', 'serviceMean'],
  },
  {
    id: 'by-counter',
    title: { zh: '各窗口办理', en: 'By counter' },
    table: 'by-counter',
    labelKey: 'counterId',
    chart: { series: ['tickets', 'served'], kind: 'bar' },
    columns: ['counterId', 'stationId', 'tickets', 'served', 'noShow', 'waitMean', 'waitMax', 'serviceMean'],
  },
  {
    id: 'green',
    title: { zh: '绿色通道与普通取号等候', en: 'Green channel and normal waits' },
    table: 'green-by-group',
    labelKey: 'group',
    chart: { series: ['waitMean', 'waitP90'], kind: 'bar' },
    columns: ['group', 'issued', 'share', 'served', 'waitMean', 'waitP90', 'waitMax'],
  },
  {
    id: 'ratings',
    title: { zh: '评价等级', en: 'Ratings by level' },
    table: 'ratings-by-level',
    labelKey: 'level',
    chart: { series: ['count'], kind: 'bar' },
    columns: ['level', 'count', 'share'],
  },
  {
    id: 'ratings-by-indicator',
    title: { zh: '各评价指标', en: 'Ratings by indicator' },
    table: 'ratings-by-indicator',
    labelKey: 'indicator',
    chart: { series: ['mean'], kind: 'bar' },
    columns: ['indicator', 'count', 'mean', 'goodRate'],
  },
  {
    id: 'requests',
    title: { zh: '诉求按时联系与反馈', en: 'Requests answered on time' },
    table: 'requests-by-category',
    labelKey: 'category',
    chart: { series: REQUEST_SERIES, kind: 'bar' },
    columns: ['category', ...REQUEST_GROUP_COLUMNS],
  },
  {
    id: 'requests-by-department',
    title: { zh: '各承办部门诉求办理', en: 'Requests by department' },
    table: 'requests-by-department',
    labelKey: 'department',
    chart: { series: REQUEST_SERIES, kind: 'bar' },
    columns: ['department', ...REQUEST_GROUP_COLUMNS],
  },
  {
    id: 'station-days',
    title: { zh: '站点每日明细', en: 'Station days' },
    table: 'station-days',
    labelKey: 'day',
    limit: STATION_DAYS_SHOWN,
    columns: [
      'day',
      'stationId',
      'issued',
      'served',
      'noShow',
      'waitMean',
      'waitP90',
      'serviceMean',
      'goodRate',
      'requests',
      'feedbackOnTime',
    ],
  },
];

const TABLES = [...new Set(SECTIONS.map((s) => s.table))];

/** The summary figures shown on top: a testid, words, the value's kind and where it is read. */
const FIGURES: ReadonlyArray<{
  id: string;
  words: Words;
  kind: 'count' | 'seconds' | 'rate' | 'minutes';
  of: (s: ReportSummary) => number | null;
}> = [
  { id: 'issued', words: { zh: '取号', en: 'Issued' }, kind: 'count', of: (s) => s.tickets.issued },
  { id: 'served', words: { zh: '办结', en: 'Served' }, kind: 'count', of: (s) => s.tickets.served },
  { id: 'noShow', words: { zh: '过号', en: 'No-shows' }, kind: 'count', of: (s) => s.tickets.noShow },
  {
    id: 'waitMean',
    words: { zh: '平均等候(秒)', en: 'Mean wait (s)' },
    kind: 'seconds',
    of: (s) => s.waitSeconds.mean,
  },
  {
    id: 'waitP90',
    words: { zh: '等候P90(秒)', en: 'Wait p90 (s)' },
    kind: 'seconds',
    of: (s) => s.waitSeconds.p90,
  },
  {
    id: 'serviceMean',
    words: { zh: '平均办理(秒)', en: 'Mean service (s)' },
    kind: 'seconds',
    of: (s) => s.serviceSeconds.mean,
  },
  {
    id: 'greenShare',
    words: { zh: '绿色通道占比', en: 'Green channel share' },
    kind: 'rate',
    of: (s) => s.green.share,
  },
  { id: 'goodRate', words: { zh: '好评率', en: 'Good rate' }, kind: 'rate', of: (s) => s.ratings.goodRate },
  {
    id: 'requests',
    words: { zh: '诉求', en: 'Requests' },
    kind: 'count',
    of: (s) => s.requests.received,
  },
  {
    id: 'onTimeRate',
    words: { zh: '诉求按时率', en: 'Requests on time' },
    kind: 'rate',
    of: (s) => s.requests.onTimeRate,
  },
];

type View = 'figures' | 'board' | 'policies';

const failure = (e: unknown): Words =>
  e instanceof ApiError ? refusalWords(e) : { zh: '无法连接中心。', en: (e as Error).message };

@customElement('xz-reports')
export class XzReports extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      nav.sub { display: flex; gap: 0.4rem; margin: 0 0 1rem; }
      nav.sub a { padding: 0.3rem 0.8rem; border: 1px solid #c4cad3; border-radius: 6px; text-decoration: none; color: inherit; background: #fff; }
      nav.sub a[aria-current='page'] { background: #16324f; color: #fff; border-color: #16324f; }
      form.filters { display: grid; grid-template-columns: repeat(4, minmax(8rem, 1fr)) auto; gap: 0 0.8rem; align-items: end; }
      dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 0.6rem; margin: 0; }
      dl.figures div { background: #fff; border-radius: 8px; padding: 0.6rem 0.8rem; box-shadow: 0 1px 2px #0002; }
      dt { color: #5b6470; font-size: 0.9em; }
      dd { margin: 0; font-size: 1.4rem; font-weight: 600; font-variant-numeric: tabular-nums; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      .table-wrap { overflow-x: auto; }
      section.card h2 { margin-top: 0; }
      .download { display: flex; gap: 0.8rem; align-items: center; margin: 0.6rem 0 0; }
      @media print { nav.sub, form.filters, .download { display: none; } }
    `,
  ];

  /** Which page of the section. */
  @property() view: View = 'figures';
  /** The route's query (`from=…&to=…&stationId=…&serviceId=…`). */
  @property() query = '';
  /** The operator may change the board's thresholds (admin, district operator). */
  @property({ type: Boolean, reflect: true }) canEdit = false;

  @state() private summary?: ReportSummary;
  @state() private tables: Partial<Record<ReportTableName, { table?: ReportTable; error?: Words }>> = {};
  @state() private error?: Words;
  @state() private loading = false;
  @state() private names: ReportNames = emptyNames();
  @state() private stationIds: string[] = [];
  @state() private downloads: Partial<
    Record<ReportTableName, CsvProgress & { done?: boolean; error?: Words }>
  > = {};

  private abort?: AbortController;

  private get filter(): ReportFilter {
    return parseReportQuery(this.query, stationToday());
  }

  override connectedCallback() {
    super.connectedCallback();
    fetchReportNames().then(({ stationIds, names }) => {
      this.stationIds = stationIds;
      this.names = names;
    });
  }

  override disconnectedCallback() {
    this.abort?.abort();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if ((changed.has('query') || changed.has('view')) && this.view === 'figures') void this.load();
  }

  private async load() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const f = this.filter;
    this.loading = true;
    this.error = undefined;
    try {
      // A table the hub refuses (station days of every station over more than a month) shows why
      // in its section; the others are shown all the same.
      const [summary, ...tables] = await Promise.all([
        fetchReportSummary(f, abort.signal),
        ...TABLES.map((t) =>
          fetchReportTable(t, f, abort.signal).then(
            (table) => ({ table }),
            (e: unknown) => {
              if (abort.signal.aborted || !(e instanceof ApiError)) throw e;
              return { error: failure(e) };
            },
          ),
        ),
      ]);
      this.summary = summary;
      this.tables = Object.fromEntries(TABLES.map((t, i) => [t, tables[i]]));
    } catch (e) {
      if (abort.signal.aborted) return;
      this.error = failure(e);
    } finally {
      if (this.abort === abort) this.loading = false;
    }
  }

  private apply(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const value = (k: string) => String(data.get(k) ?? '');
    const query = reportQuery({
      from: value('from'),
      to: value('to'),
      ...(value('stationId') ? { stationId: value('stationId') } : {}),
      ...(value('serviceId') ? { serviceId: value('serviceId') } : {}),
    });
    this.dispatchEvent(
      new CustomEvent('xz-navigate', {
        detail: { path: `#/reports?${query}` },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private async download(table: ReportTableName) {
    this.downloads = { ...this.downloads, [table]: { rows: 0 } };
    try {
      const file = await downloadReportCsv(table, this.filter, (p) => {
        this.downloads = { ...this.downloads, [table]: p };
      });
      saveFile(file.blob, file.name);
      this.downloads = {
        ...this.downloads,
        [table]: { ...this.downloads[table], rows: file.rows, done: true },
      };
    } catch (e) {
      this.downloads = { ...this.downloads, [table]: { rows: 0, error: failure(e) } };
    }
  }

  private subnav() {
    const f = this.filter;
    const period = reportQuery({ from: f.from, to: f.to });
    const link = (view: View, path: string, words: Words) =>
      html`<a href=${path} aria-current=${this.view === view ? 'page' : 'false'}>${say(words)}</a>`;
    return html`<nav class="sub" aria-label="报表 Reports">
      ${link('figures', `#/reports?${reportQuery(f)}`, { zh: '统计', en: 'Figures' })}
      ${link('board', `#/reports/board?${period}`, { zh: '红黄蓝榜', en: 'Red/yellow/blue board' })}
      ${link('policies', `#/reports/policies?${period}`, { zh: '政策发布', en: 'Policy publication' })}
    </nav>`;
  }

  private filters(f: ReportFilter) {
    const services = Object.keys(this.names.services).sort();
    return html`<form class="filters card" @submit=${this.apply} aria-label="筛选 Filters">
      <div><label for="from">开始日期 From</label><input id="from" name="from" type="date" required .value=${f.from}></div>
      <div><label for="to">结束日期 To</label><input id="to" name="to" type="date" required .value=${f.to}></div>
      <div><label for="station">站点 Station</label>
        <select id="station" name="stationId">
          <option value="" ?selected=${!f.stationId}>全部站点 All stations</option>
          ${this.stationIds.map(
            (id) =>
              html`<option value=${id} ?selected=${f.stationId === id}>${say(labelOf('stationId', id, this.names))}</option>`,
          )}
        </select></div>
      <div><label for="service">服务事项 Service</label>
        <select id="service" name="serviceId">
          <option value="" ?selected=${!f.serviceId}>全部事项 All services</option>
          ${services.map(
            (id) =>
              html`<option value=${id} ?selected=${f.serviceId === id}>${say(labelOf('serviceId', id, this.names))}</option>`,
          )}
        </select></div>
      <button class="primary" type="submit">查询 Show</button>
    </form>`;
  }

  private figures(s: ReportSummary) {
    return html`<section aria-labelledby="summary-title">
      <h2 id="summary-title">汇总 Summary · ${s.from} – ${s.to}${
        s.demo ? html` <span class="muted">（含演示数据 includes demo history）</span>` : nothing
      }</h2>
      <dl class="figures">
        ${FIGURES.map(
          (fig) =>
            html`<div><dt>${say(fig.words)}</dt><dd data-testid=${`figure-${fig.id}`}>${formatCell(fig.kind, fig.of(s))}</dd></div>`,
        )}
      </dl>
    </section>`;
  }

  private section(s: Section) {
    const loaded = this.tables[s.table];
    if (!loaded) return nothing;
    const caption = say(s.title);
    const progress = this.downloads[s.table];
    const t = loaded.table;
    return html`<section class="card" data-section=${s.id} aria-labelledby=${`t-${s.id}`}
      aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id=${`t-${s.id}`}>${caption}</h2>
      ${t ? this.breakdown(s, t, caption) : html`<p class="error" role="alert">${say(loaded.error ?? { zh: '无法读取。', en: 'Could not be read.' })}</p>`}
      <div class="download">
        <button type="button" ?disabled=${progress !== undefined && !progress.done && !progress.error}
          @click=${() => this.download(s.table)}>下载 CSV Download CSV · ${caption}</button>
        <span role="status" data-testid=${`csv-${s.id}`}>${
          progress === undefined
            ? nothing
            : progress.error
              ? html`<span class="error">${say(progress.error)}</span>`
              : progress.done
                ? `已下载 ${progress.rows} 行 Downloaded ${progress.rows} rows`
                : `已接收 ${progress.rows}${progress.total !== undefined ? ` / ${progress.total}` : ''} 行 Rows received`
        }</span>
      </div>
    </section>`;
  }

  /** A section's chart and table, from one reply of the hub. */
  private breakdown(s: Section, t: ReportTable, caption: string) {
    const columns = s.columns.flatMap((k) => t.columns.filter((c) => c.key === k));
    const rows = s.limit !== undefined ? t.rows.slice(0, s.limit) : t.rows;
    const words = (key: string, row: ReportRow) => labelOf(key, row[key] ?? null, this.names, row);
    // Counters of several stations: each bar names its station too.
    const stations = new Set(t.rows.map((r) => r.stationId)).size;
    const chartLabel = (row: ReportRow) =>
      s.labelKey === 'counterId' && stations > 1
        ? `${words('stationId', row).zh} ${words('counterId', row).zh}`
        : words(s.labelKey, row).zh;
    return html`${
      s.chart
        ? html`<xz-report-chart .columns=${t.columns} .rows=${t.rows} labelKey=${s.labelKey} .series=${s.chart.series}
            kind=${s.chart.kind} caption=${caption} .names=${this.names} .labels=${t.rows.map(chartLabel)}></xz-report-chart>`
        : nothing
    }
      <div class="table-wrap">
        <table data-table=${s.table}>
          <caption class="muted" style="text-align:left">${caption}</caption>
          <thead><tr>${columns.map(
            (c) =>
              html`<th scope="col" class=${c.kind === 'text' || c.kind === 'day' ? '' : 'num'}>${c.zh} <span class="muted">${c.en}</span></th>`,
          )}</tr></thead>
          <tbody>${rows.map(
            (row) =>
              html`<tr>${columns.map((c) =>
                c.key === s.labelKey
                  ? html`<th scope="row" data-key=${c.key}>${say(words(c.key, row))}</th>`
                  : c.kind === 'text'
                    ? html`<td data-key=${c.key}>${say(words(c.key, row))}</td>`
                    : html`<td data-key=${c.key} class="num">${formatCell(c.kind, row[c.key] ?? null)}</td>`,
              )}</tr>`,
          )}</tbody>
        </table>
      </div>
      ${
        rows.length < t.rows.length
          ? html`<p class="muted" data-testid=${`shown-${s.id}`}>显示前 ${rows.length} 行，共 ${t.rows.length} 行；全部请下载 CSV。
              Showing the first ${rows.length} of ${t.rows.length} rows; download the CSV for all.</p>`
          : t.rows.length === 0
            ? html`<p class="muted">该期间无数据。 No figures in this period.</p>`
            : nothing
      }`;
  }

  override render() {
    if (this.view === 'board')
      return html`${this.subnav()}<xz-report-board .query=${this.query} .names=${this.names} ?canEdit=${this.canEdit}></xz-report-board>`;
    if (this.view === 'policies')
      return html`${this.subnav()}<xz-report-policies .names=${this.names}></xz-report-policies>`;
    const f = this.filter;
    return html`
      <h1>报表 Reports</h1>
      ${this.subnav()} ${this.filters(f)}
      ${this.error ? html`<p class="error" role="alert">${say(this.error)}</p>` : nothing}
      ${this.loading && !this.summary ? html`<p aria-busy="true">加载中… Loading…</p>` : nothing}
      ${this.summary ? this.figures(this.summary) : nothing}
      ${SECTIONS.map((s) => this.section(s))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-reports': XzReports;
  }
}
