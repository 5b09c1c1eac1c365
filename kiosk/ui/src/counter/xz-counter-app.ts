/**
 * xz-counter-app: the counter console (/counter). Sign in to a counter (one session per
 * counter; a conflict says who holds it and offers a takeover), then: the ticket being served,
 * who will be called next and why, the waiting list with green tickets marked by icon and text,
 * and the actions call next, call a tapped ticket, recall, no-show (after a confirmation),
 * restore a recent no-show to its place, transfer, finish, reprint, confirm a declared group. Printer state and paper warnings; live updates over socket.io.
 * Slots: none. Events: none. CSS parts: none.
 */
import { provide } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { langContext } from '../context.ts';
import {
  type CounterCommand,
  closeCounterSession,
  openCounterSession,
  runCounterCommand,
} from '../data/counter.ts';
import { ApiError } from '../data/http.ts';
import {
  subscribeCalls,
  subscribeConnection,
  subscribeHub,
  subscribePrinter,
  subscribeQueue,
} from '../data/live.ts';
import { fetchHealth, fetchStation } from '../data/station.ts';
import { SubscriptionController } from '../data/subscriptions.ts';
import { fetchQueue, fetchServices } from '../data/tickets.ts';
import type {
  CounterSession,
  Health,
  Lang,
  PrinterState,
  QueueSnapshot,
  ServiceInfo,
  Station,
  Ticket,
} from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr, type UiKey } from '../i18n.ts';
import { errorText, stationTimeBrief } from '../kiosk/format.ts';
import { explain } from './explain.ts';
import '../design/xz-banner.ts';
import '../design/xz-dialog.ts';

const SESSION_KEY = 'xz-counter-session';

@customElement('xz-counter-app')
export class XzCounterApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: var(--xz-gap);
        --xz-target: 56px;
        --xz-fs-body: 20px;
      }
      header {
        display: flex;
        align-items: center;
        gap: var(--xz-gap);
        margin-bottom: var(--xz-gap);
      }
      header h1 {
        flex: 1;
        font-size: var(--xz-fs-large);
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(320px, 2fr) 3fr;
        gap: var(--xz-gap);
        align-items: start;
      }
      .current .number {
        font-size: 72px;
        font-weight: bold;
        line-height: 1.1;
      }
      .actions {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 8px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 6px 8px;
        border-bottom: 1px solid var(--xz-c-border);
        font-size: var(--xz-fs-small);
      }
      td.nowrap {
        white-space: nowrap;
      }
      tr.next td {
        background: var(--xz-c-info-bg);
      }
      td .btn {
        white-space: nowrap;
        min-height: 48px;
        min-width: 48px;
        font-size: var(--xz-fs-small);
      }
      form {
        display: grid;
        gap: var(--xz-gap);
        max-width: 520px;
      }
      label {
        display: grid;
        gap: 4px;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @provide({ context: langContext }) @state() private uiLang: Lang = 'zh';
  @state() private station?: Station;
  @state() private services: ServiceInfo[] = [];
  @state() private session?: CounterSession;
  @state() private queue?: QueueSnapshot;
  @state() private printer: PrinterState = 'ready';
  /** Replication with the hub, as the agent reports it. */
  @state() private hub?: Health['hub'];
  @state() private live = true;
  @state() private message?: { kind: 'ok' | 'error'; text: string };
  /** A counter held by someone else; the credential just checked is kept to take it over. */
  @state() private conflict?: { counterId: string; staff: string; secret: string; holder?: string };
  @state() private busy = false;
  @state() private transferOpen = false;
  @state() private noShowOpen = false;

  constructor() {
    super();
    new SubscriptionController(this, () => [
      subscribeQueue(() => void this.refresh()),
      subscribeCalls(() => void this.refresh()),
      subscribePrinter((s) => (this.printer = s)),
      subscribeHub(() => void this.refreshHub()),
      subscribeConnection((up) => {
        this.live = up;
        if (up) void this.refresh();
      }),
    ]);
    const saved = sessionStorage.getItem(SESSION_KEY);
    if (saved) {
      try {
        this.session = JSON.parse(saved) as CounterSession;
      } catch {
        sessionStorage.removeItem(SESSION_KEY);
      }
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = tr(this.uiLang, 'counter.title');
    void this.load();
  }

  private async load() {
    try {
      const [station, health, services] = await Promise.all([fetchStation(), fetchHealth(), fetchServices()]);
      this.station = station;
      this.printer = health.printer.state;
      this.hub = health.hub;
      this.hubTimer = window.setInterval(() => void this.refreshHub(), 15_000);
      this.services = services;
      await this.refresh();
    } catch (err) {
      this.message = {
        kind: 'error',
        text: tr(this.uiLang, 'app.error.load', { message: errorText(this.uiLang, err) }),
      };
    }
  }

  private hubTimer?: number;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.hubTimer !== undefined) window.clearInterval(this.hubTimer);
  }

  private async refreshHub() {
    try {
      this.hub = (await fetchHealth()).hub;
    } catch {
      // the agent itself is unreachable: the live banner says so
    }
  }

  /** The station's time zone: every time at the counter is station time, not the browser's. */
  private timeZone(): string {
    return this.station?.timeZone ?? 'Asia/Shanghai';
  }

  private renderHub(lang: Lang) {
    const hub = this.hub;
    if (!hub || hub.state === 'disabled') return nothing;
    const last = hub.lastSyncAt ? stationTimeBrief(this.timeZone(), hub.lastSyncAt, Date.now()) : '—';
    const text = tr(lang, hub.state === 'online' ? 'counter.hub.online' : 'counter.hub.offline', {
      pending: hub.pending ?? 0,
      last,
    });
    return html`<p class="hub-sync" data-testid="hub-sync" data-state=${hub.state}>
      ${hub.state === 'online' ? icons.check : icons.offline}${text}
      ${hub.state === 'offline' && hub.lastError ? html`<span class="muted"> · ${hub.lastError.slice(0, 120)}</span>` : nothing}
    </p>`;
  }

  private async refresh() {
    try {
      this.queue = await fetchQueue();
    } catch (err) {
      this.message = { kind: 'error', text: errorText(this.uiLang, err) };
    }
  }

  private async signIn(e: SubmitEvent, force = false) {
    e.preventDefault();
    const form = (this.renderRoot.querySelector('form') as HTMLFormElement | null) ?? undefined;
    const data = new FormData(form);
    const counterId = force ? this.conflict?.counterId : String(data.get('counter') ?? '');
    const staff = force ? this.conflict?.staff : String(data.get('staff') ?? '').trim();
    const secret = force ? this.conflict?.secret : String(data.get('secret') ?? '');
    if (!counterId || !staff || !secret) return;
    try {
      this.session = await openCounterSession(counterId, staff, secret, force);
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(this.session));
      this.conflict = undefined;
      this.message = undefined;
      form?.reset();
      await this.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'XZ_ERR_CONFLICT') {
        const holder = this.queue?.counters.find((c) => c.id === counterId)?.staff;
        this.conflict = { counterId, staff, secret, holder };
      } else {
        this.conflict = undefined;
        this.message = { kind: 'error', text: errorText(this.uiLang, err) };
      }
    }
  }

  private async signOut() {
    if (this.session) await closeCounterSession(this.session).catch(() => undefined);
    this.session = undefined;
    sessionStorage.removeItem(SESSION_KEY);
  }

  private async run(cmd: CounterCommand, label: UiKey) {
    if (!this.session || this.busy) return;
    this.busy = true;
    try {
      const res = await runCounterCommand(this.session, cmd);
      const why = res.explanation || res.rule ? ` · ${explain(this.uiLang, res.explanation, res.rule)}` : '';
      const num = res.ticket ? ` ${res.ticket.number}` : '';
      this.message = {
        kind: 'ok',
        text: `${tr(this.uiLang, 'counter.done', { action: tr(this.uiLang, label) })}${num}${why}`,
      };
      await this.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) await this.signOut();
      this.message = { kind: 'error', text: errorText(this.uiLang, err) };
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const lang = this.uiLang;
    return html`
      <header>
        <h1>${tr(lang, 'counter.title')} · ${pick(lang, this.station?.name)}</h1>
        ${
          this.session
            ? html`<span>${icons.user} ${tr(lang, 'counter.signedIn', { counter: this.session.counterId, staff: this.session.staff })}</span>
          <button class="btn" @click=${this.signOut}>${tr(lang, 'counter.signout')}</button>`
            : nothing
        }
        <button class="btn" @click=${() => (this.uiLang = lang === 'zh' ? 'en' : 'zh')}>${icons.language}${tr(lang, 'app.language')}</button>
      </header>
      <div class="stack">
        ${!this.live ? html`<xz-banner kind="error">${tr(lang, 'counter.live.off')}</xz-banner>` : nothing}
        ${this.renderHub(lang)}
        ${
          this.printer !== 'ready'
            ? html`<xz-banner kind=${this.printer === 'paper-near-end' ? 'warn' : 'error'} data-testid="printer-state">${icons.printer}
              ${tr(lang, 'counter.printer', { state: tr(lang, `printer.${this.printer}`) })}</xz-banner>`
            : nothing
        }
        ${this.message ? html`<xz-banner kind=${this.message.kind} data-testid="counter-message">${this.message.text}</xz-banner>` : nothing}
        ${this.session ? this.renderConsole(this.session) : this.renderSignIn()}
      </div>
    `;
  }

  private renderSignIn() {
    const lang = this.uiLang;
    return html`<section class="card">
      <h2>${tr(lang, 'counter.signin')}</h2>
      <form @submit=${(e: SubmitEvent) => this.signIn(e)}>
        <label>${tr(lang, 'counter.signin.counter')}
          <select name="counter" required>
            ${(this.station?.counters ?? []).map((c) => html`<option value=${c.id}>${tr(lang, 'display.counter', { id: c.id })}</option>`)}
          </select>
        </label>
        <label>${tr(lang, 'counter.signin.staff')}<input name="staff" required maxlength="64" autocomplete="username" autocapitalize="none" /></label>
        <label>${tr(lang, 'counter.signin.secret')}<input name="secret" type="password" required maxlength="200" autocomplete="current-password" /></label>
        <button class="btn primary" type="submit">${tr(lang, 'counter.signin.go')}</button>
      </form>
      ${
        this.conflict
          ? html`<xz-banner kind="warn" data-testid="conflict">${
              this.conflict.holder
                ? tr(lang, 'counter.signin.conflict', {
                    counter: this.conflict.counterId,
                    staff: this.conflict.holder,
                  })
                : tr(lang, 'counter.signin.conflict.unknown', { counter: this.conflict.counterId })
            }<button slot="action" class="btn danger" @click=${(e: SubmitEvent) => this.signIn(e, true)}>${tr(lang, 'counter.signin.force')}</button></xz-banner>`
          : nothing
      }
    </section>`;
  }

  private renderConsole(session: CounterSession) {
    const lang = this.uiLang;
    const me = this.queue?.counters.find((c) => c.id === session.counterId);
    const mine = new Set(
      me?.services ?? this.station?.counters.find((c) => c.id === session.counterId)?.services ?? [],
    );
    const waiting = (this.queue?.waiting ?? []).filter((t) => mine.has(t.serviceId));
    const cur = me?.current;
    const now = Date.now();
    const svcName = (id: string) => pick(lang, this.services.find((s) => s.id === id)?.name) || id;
    return html`<div class="layout">
      <section class="card stack current" aria-labelledby="cur">
        <h2 id="cur">${tr(lang, 'counter.current')}</h2>
        ${
          cur
            ? html`<div><span class="number" data-testid="current-number">${cur.number}</span> ${this.kindTag(cur)}</div>
              <span>${pick(lang, cur.serviceName)}</span>`
            : html`<p class="muted">${tr(lang, 'counter.current.none')}</p>`
        }
        <div>
          <strong>${tr(lang, 'counter.next')}:</strong>
          ${
            me?.next
              ? html`<span data-testid="next-number">${me.next.number}</span>
                <p class="muted">${tr(lang, 'counter.next.why', { why: explain(lang, me.next.explanation, me.next.rule) })}</p>`
              : html`<span class="muted">${tr(lang, 'counter.next.none')}</span>`
          }
        </div>
        <div class="actions">
          <button class="btn primary" data-action="call-next" ?disabled=${this.busy || !me?.next} @click=${() => this.run({ type: 'call-next' }, 'counter.callNext')}>${tr(lang, 'counter.callNext')}</button>
          <button class="btn" data-action="recall" ?disabled=${this.busy || !cur} @click=${() => this.run({ type: 'recall' }, 'counter.recall')}>${icons.sound}${tr(lang, 'counter.recall')}</button>
          <button class="btn" data-action="finish" ?disabled=${this.busy || !cur} @click=${() => this.run({ type: 'finish' }, 'counter.finish')}>${icons.check}${tr(lang, 'counter.finish')}</button>
          <button class="btn danger" data-action="no-show" ?disabled=${this.busy || !cur} @click=${() => (this.noShowOpen = true)}>${tr(lang, 'counter.noShow')}</button>
          <button class="btn" data-action="transfer" ?disabled=${this.busy || !cur} @click=${() => (this.transferOpen = true)}>${tr(lang, 'counter.transfer')}</button>
          <button class="btn" data-action="reprint" ?disabled=${this.busy || !cur} @click=${() => cur && this.run({ type: 'reprint', ticketId: cur.id }, 'counter.reprint')}>${icons.printer}${tr(lang, 'counter.reprint')}</button>
        </div>
        ${
          cur?.green?.needsConfirmation
            ? html`<div class="row">
                <button class="btn green" @click=${() => this.run({ type: 'confirm-green', confirmed: true }, 'counter.confirmGreen')}>${icons.check}${tr(lang, 'counter.confirmGreen')}</button>
                <button class="btn" @click=${() => this.run({ type: 'confirm-green', confirmed: false }, 'counter.rejectGreen')}>${tr(lang, 'counter.rejectGreen')}</button>
              </div>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="wl">
        <h2 id="wl">${tr(lang, 'counter.waiting', { n: waiting.length })}</h2>
        ${
          waiting.length
            ? html`<table>
                <thead><tr>
                  <th scope="col">${tr(lang, 'counter.col.number')}</th><th scope="col">${tr(lang, 'counter.col.service')}</th>
                  <th scope="col">${tr(lang, 'counter.col.kind')}</th><th scope="col">${tr(lang, 'counter.col.waited')}</th>
                  <th scope="col">${tr(lang, 'counter.col.why')}</th><th scope="col"><span class="sr-only">${tr(lang, 'counter.call')}</span></th>
                </tr></thead>
                <tbody>${waiting.map(
                  (t) => html`<tr class=${me?.next?.ticketId === t.id ? 'next' : ''} data-ticket=${t.number}>
                    <td><strong>${t.number}</strong></td>
                    <td>${svcName(t.serviceId)}</td>
                    <td>${this.kindTag(t)}</td>
                    <td class="nowrap">${tr(lang, 'counter.waited', { n: Math.max(0, Math.floor((now - t.issuedAt) / 60000)) })}</td>
                    <td>${t.wouldBeCalledBy ? explain(lang, t.wouldBeCalledBy.explanation, t.wouldBeCalledBy.rule) : ''}</td>
                    <td><button class="btn" ?disabled=${this.busy} aria-label="${tr(lang, 'counter.call')} ${t.number}"
                      @click=${() => this.run({ type: 'call', ticketId: t.id }, 'counter.call')}>${tr(lang, 'counter.call')}</button></td>
                  </tr>`,
                )}</tbody>
              </table>`
            : html`<p class="muted">${tr(lang, 'counter.waiting.none')}</p>`
        }
      </section>
      ${this.renderMissed()}
    </div>
    ${this.renderTransfer()}
    ${this.renderNoShowConfirm(cur)}`;
  }

  /** Minutes a no-show can be restored (from the queue's own windows, else the default). */
  private undoMinutes(): number {
    const n = this.queue?.recentNoShows?.[0];
    return n ? Math.round((n.until - n.at) / 60_000) : 10;
  }

  private renderNoShowConfirm(cur: Ticket | undefined) {
    const lang = this.uiLang;
    const close = () => (this.noShowOpen = false);
    return html`<xz-dialog ?open=${this.noShowOpen && !!cur} heading=${tr(lang, 'counter.noShow.confirm.title')} @xz-dialog-close=${close}>
      <p>${tr(lang, 'counter.noShow.confirm.text', { number: cur?.number ?? '', minutes: this.undoMinutes() })}</p>
      <button slot="actions" class="btn" @click=${close}>${tr(lang, 'app.cancel')}</button>
      <button slot="actions" class="btn danger" data-action="no-show-confirm" @click=${() => {
        close();
        void this.run({ type: 'no-show' }, 'counter.noShow');
      }}>${tr(lang, 'counter.noShow.confirm.ok')}</button>
    </xz-dialog>`;
  }

  private renderMissed() {
    const lang = this.uiLang;
    const now = Date.now();
    const missed = (this.queue?.recentNoShows ?? []).filter((m) => m.until > now);
    if (missed.length === 0) return nothing;
    const time = (ms: number) => stationTimeBrief(this.timeZone(), ms, now);
    return html`<section class="card" aria-labelledby="missed">
      <h2 id="missed">${tr(lang, 'counter.missed')}</h2>
      <ul class="stack">${missed.map(
        (m) => html`<li class="row" data-missed=${m.number}>
          <strong>${m.number}</strong>
          <span class="muted">${tr(lang, 'counter.missed.until', { time: time(m.until) })}</span>
          <button class="btn" data-action="restore" ?disabled=${this.busy} aria-label=${tr(lang, 'counter.restore.name', { number: m.number })}
            @click=${() => this.run({ type: 'restore-no-show', ticketId: m.ticketId }, 'counter.restore')}>${tr(lang, 'counter.restore')}</button>
        </li>`,
      )}</ul>
    </section>`;
  }

  private kindTag(t: Ticket) {
    const lang = this.uiLang;
    if (t.kind !== 'green') return html`<span class="tag">${tr(lang, 'counter.kind.normal')}</span>`;
    return html`<span class="tag green">${icons.green}${tr(lang, 'counter.kind.green')}${t.green ? ` · ${pick(lang, t.green.name)}` : ''}${
      t.green?.needsConfirmation ? ` (${tr(lang, 'counter.kind.needsConfirm')})` : ''
    }</span>`;
  }

  private renderTransfer() {
    const lang = this.uiLang;
    let target = '';
    const go = (position: 'front' | 'back') => {
      const sel = this.renderRoot.querySelector<HTMLSelectElement>('#transfer-to');
      target = sel?.value ?? '';
      if (!target) return;
      this.transferOpen = false;
      void this.run({ type: 'transfer', toServiceId: target, position }, 'counter.transfer');
    };
    return html`<xz-dialog ?open=${this.transferOpen} heading=${tr(lang, 'counter.transfer.title')}
        @xz-dialog-close=${() => (this.transferOpen = false)}>
      <label>${tr(lang, 'counter.transfer.service')}
        <select id="transfer-to">${this.services.map((s) => html`<option value=${s.id}>${s.prefix} ${pick(lang, s.name)}</option>`)}</select>
      </label>
      <button slot="actions" class="btn" @click=${() => (this.transferOpen = false)}>${tr(lang, 'app.cancel')}</button>
      <button slot="actions" class="btn" data-action="transfer-back" @click=${() => go('back')}>${tr(lang, 'counter.transfer.back')}</button>
      <button slot="actions" class="btn primary" data-action="transfer-front" @click=${() => go('front')}>${tr(lang, 'counter.transfer.front')}</button>
    </xz-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-counter-app': XzCounterApp;
  }
}
