/**
 * xz-report-policies: policy publication against the working-day deadline after signing (counts
 * and each policy's state), and the stations whose kiosk shows a published policy at an older
 * version or not at all (from the versions their heartbeat reports).
 * Events, slots, parts: none.
 */
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from './data/api.ts';
import { refusalWords, say, type Words } from './data/case-words.ts';
import {
  DEADLINE_WORDS,
  emptyNames,
  fetchReportPolicies,
  labelOf,
  type ReportNames,
  type ReportPolicies,
} from './data/reports.ts';
import { consoleStyles } from './styles.ts';

const ONLINE_WORDS: Record<string, Words> = {
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  'never-seen': { zh: '从未连接', en: 'Never seen' },
};

@customElement('xz-report-policies')
export class XzReportPolicies extends LitElement {
  static override styles = consoleStyles;

  /** Names of stations. */
  @property({ attribute: false }) names: ReportNames = emptyNames();

  @state() private data?: ReportPolicies;
  @state() private error?: Words;

  override connectedCallback() {
    super.connectedCallback();
    fetchReportPolicies().then(
      (d) => {
        this.data = d;
      },
      (e: unknown) => {
        this.error =
          e instanceof ApiError ? refusalWords(e) : { zh: '无法连接中心。', en: (e as Error).message };
      },
    );
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${say(this.error)}</p>`;
    const d = this.data;
    if (!d) return html`<p aria-busy="true">加载中… Loading…</p>`;
    const titles = new Map(d.policies.map((p) => [p.policyId, p.title]));
    const p = d.publication;
    const stale = d.stations.filter((s) => s.outOfDate.length > 0);
    return html`
      <h1>政策发布 Policy publication</h1>
      <section class="card" aria-labelledby="pub-title">
        <h2 id="pub-title">签发后按期发布 Published within the deadline after signing</h2>
        <p data-testid="publication">
          计入期限 ${p.tracked} 项 tracked：按时 ${p.onTime} on time · 超期 ${p.overdue} overdue · 待发布 ${p.dueSoon} due ·
          不计期限 ${p.notTracked} not tracked
        </p>
        <table>
          <thead><tr><th scope="col">政策 Policy</th><th scope="col">签发 Signed</th><th scope="col">发布期限 Due</th>
            <th scope="col">发布日 Published</th><th scope="col">情况 State</th></tr></thead>
          <tbody>${d.policies.map(
            (x) => html`<tr>
              <th scope="row">${x.title.zh} <span class="muted">${x.title.en}</span></th>
              <td>${x.signedAt.slice(0, 10)}</td><td>${x.dueDay ?? '—'}</td><td>${x.publishedOn ?? '—'}</td>
              <td><span class="light ${x.state}">${say(DEADLINE_WORDS[x.state] ?? { zh: '其他', en: 'Other' })}</span></td>
            </tr>`,
          )}</tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="stale-title">
        <h2 id="stale-title">站点展示的过期政策 Stations showing out-of-date policies</h2>
        ${
          stale.length === 0
            ? html`<p class="ok">各站点展示的均为最新发布版本。 Every station shows the latest published versions.</p>`
            : nothing
        }
        <table>
          <thead><tr><th scope="col">站点 Station</th><th scope="col">连接 Link</th><th scope="col">过期政策 Out of date</th></tr></thead>
          <tbody>${d.stations.map(
            (s) => html`<tr data-station=${s.stationId}>
              <th scope="row">${say(labelOf('stationId', s.stationId, this.names))}</th>
              <td><span class="light ${s.online}">${say(ONLINE_WORDS[s.online] ?? { zh: '未知', en: 'Unknown' })}</span></td>
              <td>${
                !s.reported
                  ? html`<span class="muted">尚未报告展示版本 Has not reported the versions it shows</span>`
                  : s.outOfDate.length === 0
                    ? '—'
                    : html`<ul>${s.outOfDate.map((o) => {
                        const t = titles.get(o.policyId);
                        return html`<li>${t ? `${t.zh} ${t.en}` : '其他政策 Another policy'}：
                          ${o.shown === null ? '未展示 not shown' : `展示第 ${o.shown} 版 shows version ${o.shown}`}，
                          已发布第 ${o.published} 版 published version ${o.published}</li>`;
                      })}</ul>`
              }</td>
            </tr>`,
          )}</tbody>
        </table>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-report-policies': XzReportPolicies;
  }
}
