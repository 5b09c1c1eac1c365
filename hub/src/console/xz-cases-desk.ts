/**
 * xz-cases-desk: the cases desk (办件). Requests (诉求) and bad ratings (差评) the operator may
 * see, red first, by light, kind, department and station, refreshed every 15 s. The filters live
 * in the address (`#/cases?light=red&kind=request…`), so a view can be shared: changing one fires
 * `xz-navigate` and the shell passes the new `filter` back down.
 * Properties: `filter`. Events: `xz-navigate` {path}. Slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { caseLight } from './case-light.ts';
import {
  type CaseFilter,
  type CaseSettings,
  type CaseView,
  fetchCaseSettings,
  listCases,
  listStations,
} from './data/api.ts';
import {
  CATEGORY_WORDS,
  DUE_NAMES,
  DUE_WORDS,
  departmentWords,
  KIND_WORDS,
  LEVEL_WORDS,
  LIGHT_WORDS,
  PROVISIONAL_WORDS,
  STATUS_WORDS,
  say,
  wordsOr,
} from './data/case-words.ts';
import { dueTime, stationTime } from './data/station-time.ts';
import { PollController } from './poll-controller.ts';
import { consoleStyles } from './styles.ts';

/** The desk's address for a filter. */
export function casesPath(filter: CaseFilter): string {
  const params = new URLSearchParams();
  if (filter.light) params.set('light', filter.light);
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.department) params.set('department', filter.department);
  if (filter.stationId) params.set('stationId', filter.stationId);
  if (filter.closed) params.set('closed', 'true');
  const query = params.toString();
  return `#/cases${query ? `?${query}` : ''}`;
}

/** The filter an address names; unknown values are dropped. */
export function parseCasesQuery(query: string): CaseFilter {
  const p = new URLSearchParams(query);
  const light = p.get('light');
  const kind = p.get('kind');
  const department = p.get('department') ?? '';
  const stationId = p.get('stationId') ?? '';
  return {
    ...(light === 'red' || light === 'yellow' || light === 'green' || light === 'none' ? { light } : {}),
    ...(kind === 'request' || kind === 'rating' ? { kind } : {}),
    ...(/^[a-z][a-z0-9-]{0,39}$/.test(department) ? { department } : {}),
    ...(/^[A-Za-z0-9-]{1,64}$/.test(stationId) ? { stationId } : {}),
    ...(p.get('closed') === 'true' ? { closed: true } : {}),
  };
}

@customElement('xz-cases-desk')
export class XzCasesDesk extends LitElement {
  static override styles = consoleStyles;

  /** What the desk lists (from the address). */
  @property({ attribute: false }) filter: CaseFilter = {};

  private readonly list = new PollController(this, (signal) => listCases(this.filter, signal), 15_000);

  private readonly settings = new Task(this, {
    task: (_args, { signal }) => fetchCaseSettings(signal),
    args: () => [],
  });

  private readonly stations = new Task(this, {
    task: async (_args, { signal }) =>
      (await listStations(signal).catch(() => [])).map((s) => s.stationId).sort(),
    args: () => [],
  });

  override updated(changed: PropertyValues<this>) {
    if (changed.has('filter') && changed.get('filter') !== undefined) void this.list.refresh();
  }

  private go(filter: CaseFilter) {
    this.dispatchEvent(
      new CustomEvent('xz-navigate', { detail: { path: casesPath(filter) }, bubbles: true, composed: true }),
    );
  }

  private onFilter(event: Event) {
    const form = (event.target as HTMLElement).closest('form') as HTMLFormElement;
    const f = new FormData(form);
    const pick = (name: string) => String(f.get(name) ?? '');
    const query = new URLSearchParams();
    for (const name of ['light', 'kind', 'department', 'stationId']) {
      if (pick(name)) query.set(name, pick(name));
    }
    if (f.get('closed')) query.set('closed', 'true');
    this.go(parseCasesQuery(query.toString()));
  }

  private what(c: CaseView) {
    if (c.kind === 'request') {
      return html`<a href="#/cases/${encodeURIComponent(c.caseId)}">${c.number ?? say(KIND_WORDS.request)}</a>
        <div class="muted">${say(KIND_WORDS.request)} · ${say(wordsOr(CATEGORY_WORDS, c.category))}</div>`;
    }
    return html`<a href="#/cases/${encodeURIComponent(c.caseId)}">${say(KIND_WORDS.rating)} · ${say(
      wordsOr(LEVEL_WORDS, c.level === undefined ? undefined : String(c.level)),
    )}</a>
      ${c.voided ? html`<div class="muted">${say(STATUS_WORDS.closed)} · 已作废 voided</div>` : nothing}`;
  }

  private dues(c: CaseView) {
    const asOf = Date.parse(c.asOf);
    const rows = DUE_NAMES.filter((n) => c.due[n] !== undefined && !c.met[n]);
    if (rows.length === 0) return html`<span class="muted">无待办时限 Nothing due</span>`;
    return html`${rows.map((n) => {
      const at = c.due[n] as string;
      const missed = Date.parse(at) <= asOf;
      return html`<div>${say(DUE_WORDS[n])}: <time datetime=${at}>${dueTime(at)}</time>${
        missed ? html` <strong class="missed">已超期 missed</strong>` : nothing
      }</div>`;
    })}${c.provisional ? html`<div class="muted">${say(PROVISIONAL_WORDS)}</div>` : nothing}`;
  }

  private filters(settings: CaseSettings | undefined, stations: string[]) {
    const f = this.filter;
    const stationIds = [...new Set([...stations, ...(f.stationId ? [f.stationId] : [])])];
    return html`<form class="card row filters" aria-label="筛选 Filters" @change=${this.onFilter} @submit=${(e: Event) => e.preventDefault()}>
      <div><label for="f-light">灯 Light</label>
        <select id="f-light" name="light">
          <option value="">全部 All</option>
          ${(['red', 'yellow', 'green', 'none'] as const).map(
            (l) => html`<option value=${l} ?selected=${f.light === l}>${say(LIGHT_WORDS[l])}</option>`,
          )}
        </select></div>
      <div><label for="f-kind">类型 Kind</label>
        <select id="f-kind" name="kind">
          <option value="">全部 All</option>
          ${(['request', 'rating'] as const).map(
            (k) => html`<option value=${k} ?selected=${f.kind === k}>${say(KIND_WORDS[k])}</option>`,
          )}
        </select></div>
      <div><label for="f-dep">部门 Department</label>
        <select id="f-dep" name="department">
          <option value="">全部 All</option>
          ${(settings?.departments ?? []).map(
            (d) => html`<option value=${d.id} ?selected=${f.department === d.id}>${d.zh} ${d.en}</option>`,
          )}
          ${
            f.department && !settings?.departments.some((d) => d.id === f.department)
              ? html`<option value=${f.department} selected>${say(departmentWords(settings, f.department))}</option>`
              : nothing
          }
        </select></div>
      <div><label for="f-station">站点 Station</label>
        <select id="f-station" name="stationId">
          <option value="">全部 All</option>
          ${stationIds.map((s) => html`<option value=${s} ?selected=${f.stationId === s}>${s}</option>`)}
        </select></div>
      <label style="font-weight:normal;align-self:end"><input type="checkbox" name="closed" value="true" style="width:auto" ?checked=${f.closed === true} /> 含已办结 Include closed</label>
      <button type="button" style="align-self:end" @click=${() => this.go({})}>清除筛选 Clear</button>
    </form>`;
  }

  override render() {
    const settings = this.settings.value;
    const cases = this.list.value;
    return html`
      <h1>办件 Cases</h1>
      ${this.filters(settings, this.stations.value ?? [])}
      <div aria-live="polite">
        ${this.list.error ? html`<p class="error" role="alert">${this.list.error.message}</p>` : nothing}
      </div>
      ${
        cases === undefined
          ? html`<p aria-busy="true">加载中… Loading…</p>`
          : cases.length === 0
            ? html`<p>没有符合条件的办件。No case matches.</p>`
            : html`<table aria-label="办件 Cases">
                <thead><tr>
                  <th scope="col">灯 Light</th><th scope="col">办件 Case</th><th scope="col">部门 Department</th>
                  <th scope="col">站点 Station</th><th scope="col">状态 Status</th>
                  <th scope="col">中心受理 Hub received</th><th scope="col">时限 Due</th>
                </tr></thead>
                <tbody>${cases.map(
                  (c) => html`<tr data-case=${c.caseId} data-light=${c.light}>
                    <td>${caseLight(c.light)}</td>
                    <td>${this.what(c)}</td>
                    <td>${c.kind === 'request' ? say(departmentWords(settings, c.department)) : html`<span class="muted">站点负责 Station</span>`}</td>
                    <td>${c.stationId}</td>
                    <td>${say(wordsOr(STATUS_WORDS, c.status))}</td>
                    <td>${stationTime(c.receivedAt)}<div class="muted">终端 Kiosk ${stationTime(c.kioskAt)}</div></td>
                    <td>${this.dues(c)}</td>
                  </tr>`,
                )}</tbody>
              </table>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-cases-desk': XzCasesDesk;
  }
}
