/**
 * xz-report-chart: one report table as an ECharts bar or line chart (ECharts loaded on first use).
 * The categories are the rows' label cells as words, each series one numeric column; the values are
 * the table's own cells, so the chart and the table beside it show the same numbers.
 * Slots, events, parts: none. The chart is an image named by `caption`; its table carries the numbers.
 */
import type { EChartsType } from 'echarts/core';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emptyNames, labelOf, type ReportColumn, type ReportNames, type ReportRow } from './data/reports.ts';

const PALETTE = ['#0b57d0', '#1e8e3e', '#b3261e', '#8e24aa', '#f0a500', '#5b6470'];

@customElement('xz-report-chart')
export class XzReportChart extends LitElement {
  static override styles = css`
    :host { display: block; }
    /* The chart's own box only: the divs ECharts makes inside it keep their own sizes. */
    .chart { width: 100%; height: 280px; }
    @media print { .chart { height: 220px; } }
  `;

  /** The table's columns (for the series names). */
  @property({ attribute: false }) columns: readonly ReportColumn[] = [];
  /** The table's rows, in order. */
  @property({ attribute: false }) rows: readonly ReportRow[] = [];
  /** The column naming each category (`day`, `hour`, `serviceId` …). */
  @property() labelKey = '';
  /** The numeric columns drawn, one series each. */
  @property({ attribute: false }) series: readonly string[] = [];
  /** Bars or lines. */
  @property() kind: 'bar' | 'line' = 'bar';
  /** What the chart shows, both languages (its accessible name). */
  @property() caption = '';
  /** Names for stations, services and counters. */
  @property({ attribute: false }) names: ReportNames = emptyNames();
  /** The categories' words, one per row, when the label column alone does not name a row. */
  @property({ attribute: false }) labels?: readonly string[];

  private chart?: EChartsType;
  private resize?: ResizeObserver;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.chart?.dispose();
    this.chart = undefined;
  }

  protected override async updated(changed: PropertyValues) {
    super.updated(changed);
    const box = this.renderRoot.querySelector<HTMLDivElement>('div.chart');
    if (!box) return;
    if (!this.chart) {
      const { init } = await import('./report-echarts.ts');
      if (!this.isConnected || this.chart) return;
      this.chart = init(box, undefined, { renderer: 'svg' });
      this.resize = new ResizeObserver(() => this.chart?.resize());
      this.resize.observe(box);
    }
    const byKey = new Map(this.columns.map((c) => [c.key, c]));
    this.chart.setOption(
      {
        color: PALETTE,
        animation: false,
        aria: { enabled: true },
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 16, top: 36, bottom: 32 },
        xAxis: {
          type: 'category',
          data:
            this.labels ??
            this.rows.map((r) => labelOf(this.labelKey, r[this.labelKey] ?? null, this.names, r).zh),
        },
        yAxis: { type: 'value' },
        series: this.series.map((key) => {
          const c = byKey.get(key);
          return {
            type: this.kind,
            name: c ? `${c.zh} ${c.en}` : key,
            data: this.rows.map((r) => r[key] ?? null),
          };
        }),
      },
      true,
    );
  }

  override render() {
    return html`<div class="chart" role="img" aria-label=${this.caption}></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-report-chart': XzReportChart;
  }
}
