/**
 * xz-console-app: the operator console shell. Checks the session, shows sign-in or the screens
 * (hash routes: #/policies, #/policies/:id, #/new, #/stations, #/cases?filters, #/cases/:caseId,
 * #/case-settings, #/calendar, #/calendar/:year, #/green-lists, #/audit, #/users, #/my-pin,
 * #/reports[/board|/policies]?period, the reports section loaded only there) with a
 * navigation bar by role and, on every page, the warning while a calendar year is missing (polled, and read again when
 * `xz-calendar-saved` says a year was saved); carries out `xz-navigate` intents. Slots, parts: none.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  type CaseFilter,
  fetchCalendar,
  fetchMe,
  type Operator,
  SESSION_LOST_EVENT,
  signOut,
} from './data/api.ts';
import { PollController } from './poll-controller.ts';
import { consoleStyles } from './styles.ts';
import './xz-sign-in.ts';
import './xz-policy-list.ts';
import './xz-policy-editor.ts';
import './xz-stations.ts';
import './xz-audit-log.ts';
import './xz-users.ts';
import './xz-case-view.ts';
import './xz-case-settings.ts';
import './xz-calendar-warning.ts';
import './xz-green-lists.ts';
import './xz-pin-form.ts';
import { parseCalendarYear } from './xz-calendar.ts';
import { parseCasesQuery } from './xz-cases-desk.ts';

type Route =
  | { name: 'policies' }
  | { name: 'policy'; id: string }
  | { name: 'new' }
  | { name: 'stations' }
  | { name: 'cases'; filter: CaseFilter }
  | { name: 'case'; caseId: string }
  | { name: 'case-settings' }
  | { name: 'calendar'; year?: number }
  | { name: 'green-lists' }
  | { name: 'audit' }
  | { name: 'users' }
  | { name: 'my-pin' }
  | { name: 'reports'; view: 'figures' | 'board' | 'policies'; query: string };

function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const [, first, second] = path.split('/');
  switch (first) {
    case 'cases':
      return second
        ? { name: 'case', caseId: decodeURIComponent(second) }
        : { name: 'cases', filter: parseCasesQuery(query) };
    case 'case-settings':
      return { name: 'case-settings' };
    case 'calendar': {
      const year = parseCalendarYear(second);
      return year === undefined ? { name: 'calendar' } : { name: 'calendar', year };
    }
    case 'policies':
      return second ? { name: 'policy', id: decodeURIComponent(second) } : { name: 'policies' };
    case 'new':
      return { name: 'new' };
    case 'stations':
      return { name: 'stations' };
    case 'green-lists':
      return { name: 'green-lists' };
    case 'my-pin':
      return { name: 'my-pin' };
    case 'audit':
      return { name: 'audit' };
    case 'users':
      return { name: 'users' };
    case 'reports':
      return {
        name: 'reports',
        view: second === 'board' || second === 'policies' ? second : 'figures',
        query,
      };
    default:
      return { name: 'policies' };
  }
}

@customElement('xz-console-app')
export class XzConsoleApp extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      header { display: flex; align-items: center; gap: 1.5rem; padding: 0.6rem 1.2rem; background: #16324f; color: #fff; }
      header strong { font-size: 1.1rem; }
      nav { display: flex; gap: 0.3rem; flex: 1; }
      nav a { color: #dfe9f5; padding: 0.35rem 0.7rem; border-radius: 5px; text-decoration: none; }
      nav a[aria-current='page'] { background: #fff2; color: #fff; font-weight: 600; }
      header button { background: transparent; color: #fff; border-color: #fff8; }
      main { padding: 1.2rem; max-width: 80rem; margin: 0 auto; }
      @media print { header, xz-calendar-warning { display: none; } main { padding: 0; max-width: none; } }
    `,
  ];

  @state() private operator?: Operator | null;
  @state() private route: Route = parseRoute(location.hash);

  /** The calendar years still missing, for the warning (only while signed in). */
  private readonly calendar = new PollController(
    this,
    (signal) => (this.operator ? fetchCalendar(signal).then((c) => c.missing) : Promise.resolve([])),
    60_000,
  );

  private readonly onHash = () => {
    this.route = parseRoute(location.hash);
  };
  private readonly onLost = () => {
    this.operator = null;
  };

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener(SESSION_LOST_EVENT, this.onLost);
    fetchMe().then(
      (me) => {
        this.operator = me.operator;
        void this.calendar.refresh();
      },
      () => {
        this.operator = null;
      },
    );
  }

  override disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener(SESSION_LOST_EVENT, this.onLost);
    super.disconnectedCallback();
  }

  private navigate(event: CustomEvent<{ path: string }>) {
    location.hash = event.detail.path;
  }

  private async signOut() {
    await signOut().catch(() => {});
    this.operator = null;
  }

  private has(...roles: string[]) {
    return this.operator?.roles.some((r) => roles.includes(r)) ?? false;
  }

  private screen() {
    const r = this.route;
    switch (r.name) {
      case 'policies':
        return html`<xz-policy-list></xz-policy-list>`;
      case 'policy':
        return html`<xz-policy-editor .policyId=${r.id}></xz-policy-editor>`;
      case 'new':
        return html`<xz-policy-editor .policyId=${''}></xz-policy-editor>`;
      case 'stations':
        return html`<xz-stations ?canManage=${this.has('admin', 'district-operator')}></xz-stations>`;
      case 'cases':
        return html`<xz-cases-desk .filter=${r.filter}></xz-cases-desk>`;
      case 'case':
        return html`<xz-case-view .caseId=${r.caseId} .operator=${this.operator ?? undefined}></xz-case-view>`;
      case 'case-settings':
        return this.has('admin', 'district-operator')
          ? html`<xz-case-settings></xz-case-settings>`
          : html`<p class="error" role="alert">仅区级运营人员可修改办件设置。Only the district office edits case settings.</p>`;
      case 'calendar':
        return html`<xz-calendar .year=${r.year} ?canEdit=${this.has('admin', 'district-operator')}></xz-calendar>`;
      case 'green-lists':
        return this.has('admin', 'district-operator')
          ? html`<xz-green-lists></xz-green-lists>`
          : html`<p class="error" role="alert">仅区级运营人员可发布绿色通道名单。Only the district office publishes green-channel lists.</p>`;
      case 'my-pin':
        return this.has('station-staff') && this.operator
          ? html`<h1>我的柜台 PIN My counter PIN</h1>
              <p class="muted">在柜台登录时，工号为 ${this.operator.username}，可用密码或 PIN。 At the counter, your staff number is ${this.operator.username}; sign in with your password or this PIN.</p>
              <xz-pin-form .username=${this.operator.username} .name=${this.operator.displayName ?? this.operator.username} self></xz-pin-form>`
          : html`<p class="error" role="alert">仅站点人员有柜台 PIN。Only station staff have a counter PIN.</p>`;
      case 'audit':
        return html`<xz-audit-log></xz-audit-log>`;
      case 'users':
        return html`<xz-users></xz-users>`;
      case 'reports':
        void import('./xz-reports.ts');
        return html`<xz-reports view=${r.view} query=${r.query} ?canEdit=${this.has('admin', 'district-operator')}
          ><p aria-busy="true">加载中… Loading…</p></xz-reports>`;
      default: {
        const never: never = r;
        throw new Error(`unknown route ${JSON.stringify(never)}`);
      }
    }
  }

  override render() {
    if (this.operator === undefined)
      return html`<p aria-busy="true" style="padding:2rem">加载中… Loading…</p>`;
    if (this.operator === null)
      return html`<xz-sign-in @xz-signed-in=${(e: CustomEvent<{ operator: Operator }>) => {
        this.operator = e.detail.operator;
        void this.calendar.refresh();
      }}></xz-sign-in>`;
    const link = (hash: string, label: string, active: boolean) =>
      html`<a href=${hash} aria-current=${active ? 'page' : 'false'}>${label}</a>`;
    const n = this.route.name;
    return html`
      <header>
        <strong>小站 · 运营控制台</strong>
        <nav aria-label="主导航 Main">
          ${link('#/policies', '政策 Policies', n === 'policies' || n === 'policy' || n === 'new')}
          ${link('#/stations', '站点 Stations', n === 'stations')}
          ${link('#/cases', '办件 Cases', n === 'cases' || n === 'case')}
          ${this.has('admin', 'district-operator') ? link('#/case-settings', '办件设置 Case settings', n === 'case-settings') : nothing}
          ${link('#/calendar', '工作日历 Calendar', n === 'calendar')}
          ${link('#/reports', '报表 Reports', n === 'reports')}
          ${this.has('admin', 'district-operator') ? link('#/green-lists', '绿色通道名单 Green-channel lists', n === 'green-lists') : nothing}
          ${this.has('admin', 'district-operator') ? link('#/audit', '审计 Audit', n === 'audit') : nothing}
          ${this.has('admin') ? link('#/users', '用户 Users', n === 'users') : nothing}
          ${this.has('station-staff') ? link('#/my-pin', '我的 PIN My PIN', n === 'my-pin') : nothing}
        </nav>
        <span>${this.operator.displayName ?? this.operator.username} <span class="muted" style="color:#cfd8e3">(${this.operator.roles.join(', ')})</span></span>
        <button @click=${this.signOut}>退出 Sign out</button>
      </header>
      <xz-calendar-warning .missing=${this.calendar.value ?? []}
        ?canEdit=${this.has('admin', 'district-operator')}></xz-calendar-warning>
      <main @xz-navigate=${this.navigate} @xz-calendar-saved=${() => void this.calendar.refresh()}>${this.screen()}</main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-console-app': XzConsoleApp;
  }
}
