/**
 * xz-kiosk-app: the kiosk's root shell. Loads the station, provides language, station, printer
 * and hub state as context slices, routes between screens by state, and carries out the
 * screens' intents (issue a ticket, print a policy, send a rating or a request). Opens the
 * on-screen keyboard for whichever text field is tapped. After the station's idle time (longer
 * in elder mode, with a larger warning) it returns home in standard mode and Chinese with every
 * input cleared.
 * Slots: none. Events: none (it handles the xz-* intents). CSS parts: none.
 */
import { provide } from '@lit/context';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { hubContext, langContext, printerContext, stationContext } from '../context.ts';
import { submitRating, submitRequest } from '../data/feedback.ts';
import { newIdempotencyKey } from '../data/http.ts';
import { subscribeConnection, subscribeHub, subscribePrinter } from '../data/live.ts';
import { printPolicy } from '../data/policies.ts';
import { fetchHealth, fetchStation } from '../data/station.ts';
import { SubscriptionController } from '../data/subscriptions.ts';
import { issueTicket } from '../data/tickets.ts';
import type { HubState, Lang, PrinterState, Station, Ticket } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { tr } from '../i18n.ts';
import { isTextField, type TextField } from '../keyboard/xz-touch-keyboard.ts';
import { errorText } from './format.ts';
import { IdleController } from './idle.ts';
import type { GreenPass, IntentMap } from './intents.ts';
import { createScanBurst } from './scan-burst.ts';
import '../design/xz-banner.ts';
import '../design/xz-code-field.ts';
import '../design/xz-dialog.ts';
import '../design/xz-phrase-picker.ts';
import '../design/xz-qr.ts';
import './xz-green-channel.ts';
import './xz-kiosk-header.ts';
import './xz-kiosk-home.ts';
import './xz-policy-browser.ts';
import './xz-policy-calendar.ts';
import './xz-policy-detail.ts';
import './xz-rating-form.ts';
import './xz-request-form.ts';
import './xz-service-list.ts';
import './xz-ticket-confirmation.ts';
import '../keyboard/xz-touch-keyboard.ts';

type Screen =
  | { name: 'home' }
  | { name: 'services'; green?: GreenPass }
  | { name: 'green'; scanned?: string }
  | { name: 'ticket'; ticket: Ticket }
  | { name: 'policies' }
  | { name: 'rate' }
  | { name: 'request' };

const ELDER_KEY = 'xz-elder';

@customElement('xz-kiosk-app')
export class XzKioskApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: var(--xz-gap);
        padding: 10px var(--xz-gap);
        background: var(--xz-c-primary);
        color: var(--xz-c-on-primary);
      }
      .bar .title {
        flex: 1;
        font-size: var(--xz-fs-large);
        font-weight: bold;
      }
      .bar .btn {
        border-color: var(--xz-c-on-primary);
      }
      .banners {
        display: flex;
        flex-direction: column;
        gap: 8px;
        padding: 8px var(--xz-gap) 0;
      }
      main {
        flex: 1;
        padding: var(--xz-gap) calc(var(--xz-gap) * 1.5) calc(var(--xz-gap) * 2);
        display: flex;
        flex-direction: column;
      }
      main > * {
        flex: 1;
      }
      .idle {
        position: fixed;
        left: 50%;
        top: 30%;
        transform: translateX(-50%);
        z-index: 20;
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: var(--xz-gap);
        width: min(90vw, 720px);
        padding: calc(var(--xz-gap) * 1.5);
        background: var(--xz-c-surface);
        border: 4px solid var(--xz-c-primary);
        border-radius: var(--xz-radius);
        box-shadow: 0 8px 40px rgb(16 32 64 / 0.35);
        font-size: var(--xz-fs-large);
        text-align: center;
      }
      .idle.big {
        width: min(94vw, 960px);
        font-size: var(--xz-fs-title);
        border-width: 6px;
      }
    `,
  ];

  @provide({ context: langContext }) @state() private uiLang: Lang = 'zh';
  @provide({ context: stationContext }) @state() private station?: Station;
  @provide({ context: printerContext }) @state() private printer: PrinterState = 'ready';
  @provide({ context: hubContext }) @state() private hub: HubState = 'online';

  @state() private screen: Screen = { name: 'home' };
  @state() private elder = localStorage.getItem(ELDER_KEY) === '1';
  @state() private agentLink = true;
  @state() private loadError?: string;
  /** The text field the on-screen keyboard types into, while it is open. */
  @state() private typing?: TextField;

  private pendingTicket?: { serviceId: string; key: string };
  private readonly scan = createScanBurst();

  private readonly idle = new IdleController(this, {
    seconds: () =>
      this.elder
        ? (this.station?.elderIdleSeconds ?? (this.station?.idleSeconds ?? 60) * 3)
        : (this.station?.idleSeconds ?? 60),
    warnSeconds: () => (this.elder ? 30 : 10),
    // Also on the home screen when the last person left elder mode, English or the keyboard on.
    enabled: () =>
      this.screen.name !== 'home' || this.elder || this.uiLang !== 'zh' || this.typing !== undefined,
    onIdle: () => this.goHome(true),
  });

  constructor() {
    super();
    new SubscriptionController(this, () => [
      subscribePrinter((s) => (this.printer = s)),
      subscribeHub((s) => (this.hub = s)),
      subscribeConnection((up) => {
        const was = this.agentLink;
        this.agentLink = up;
        if (up && !was) void this.load();
      }),
    ]);
    this.addEventListener('xz-navigate', (e) => this.navigate(e.detail));
    this.addEventListener('xz-green-pass', (e) => this.show({ name: 'services', green: e.detail.pass }));
    this.addEventListener('xz-ticket-request', (e) => (e.detail.result = this.issue(e.detail)));
    this.addEventListener(
      'xz-print-request',
      (e) => (e.detail.result = printPolicy(e.detail.policyId, this.uiLang)),
    );
    this.addEventListener('xz-rating-submit', (e) => (e.detail.result = submitRating(e.detail.input)));
    this.addEventListener('xz-request-submit', (e) => (e.detail.result = submitRequest(e.detail.input)));
    // A tap on a text field opens the on-screen keyboard for it.
    const openKeyboard = (e: Event) => {
      const el = e.composedPath()[0];
      if (isTextField(el)) this.typing = el;
    };
    this.addEventListener('focusin', openKeyboard);
    this.addEventListener('click', openKeyboard);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onScanKey);
    this.applyRoot();
    void this.load();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onScanKey);
    super.disconnectedCallback();
  }

  private async load() {
    try {
      const [station, health] = await Promise.all([fetchStation(), fetchHealth()]);
      this.station = station;
      this.printer = health.printer.state;
      this.hub = health.hub.state;
      this.loadError = undefined;
    } catch (err) {
      this.loadError = errorText(this.uiLang, err);
      setTimeout(() => void this.load(), 5000);
    }
  }

  /** A scan on a screen without a code field opens the green channel with it. */
  private readonly onScanKey = (e: KeyboardEvent) => {
    if (this.screen.name !== 'home') return;
    const code = this.scan.key(e.key, e.timeStamp);
    if (code) this.show({ name: 'green', scanned: code });
  };

  private navigate(d: IntentMap['xz-navigate']) {
    switch (d.to) {
      case 'home':
        this.goHome(false);
        return;
      case 'services':
        this.show({ name: 'services' });
        return;
      case 'green':
        this.show({ name: 'green', scanned: d.scanned });
        return;
      case 'policies':
      case 'rate':
      case 'request':
        this.show({ name: d.to });
        return;
      default: {
        const never: never = d.to;
        throw new Error(`unknown route ${never}`);
      }
    }
  }

  private show(screen: Screen) {
    this.screen = screen;
    this.typing = undefined;
    this.idle.reset();
    window.scrollTo(0, 0);
  }

  /**
   * Back to the start. On idle also back to Chinese and standard mode for the next person, with
   * every input dropped (the screens holding it are removed).
   */
  private goHome(idle: boolean) {
    this.screen = { name: 'home' };
    this.pendingTicket = undefined;
    this.typing = undefined;
    if (idle) {
      this.uiLang = 'zh';
      this.elder = false;
      localStorage.removeItem(ELDER_KEY);
      (document.activeElement as HTMLElement | null)?.blur?.();
    }
    this.applyRoot();
    window.scrollTo(0, 0);
  }

  private async issue(req: { serviceId: string }): Promise<Ticket> {
    const green = this.screen.name === 'services' ? this.screen.green : undefined;
    // One tap, one key: a retry of the same service reuses it so no second number is issued.
    if (this.pendingTicket?.serviceId !== req.serviceId) {
      this.pendingTicket = { serviceId: req.serviceId, key: newIdempotencyKey() };
    }
    const ticket = await issueTicket(
      {
        serviceId: req.serviceId,
        ...(green?.idNumber ? { idNumber: green.idNumber } : {}),
        ...(green?.creditCode ? { creditCode: green.creditCode } : {}),
        ...(green?.declaredGroup ? { declaredGroup: green.declaredGroup } : {}),
      },
      this.uiLang,
      this.pendingTicket.key,
    );
    this.pendingTicket = undefined;
    // The green pass (and any raw number in it) is dropped with the service-list screen.
    this.show({ name: 'ticket', ticket });
    return ticket;
  }

  private toggleLang() {
    this.uiLang = this.uiLang === 'zh' ? 'en' : 'zh';
    this.applyRoot();
  }

  private toggleElder() {
    this.elder = !this.elder;
    localStorage.setItem(ELDER_KEY, this.elder ? '1' : '0');
    this.applyRoot();
  }

  private applyRoot() {
    const root = document.documentElement;
    root.lang = this.uiLang === 'zh' ? 'zh-CN' : 'en';
    root.toggleAttribute('data-elder', this.elder);
    document.title = tr(this.uiLang, 'app.title');
  }

  override render() {
    const lang = this.uiLang;
    return html`
      <header class="bar">
        <span class="title">${tr(lang, 'app.title')}</span>
        <button class="btn primary" data-action="elder" aria-pressed=${this.elder ? 'true' : 'false'}
          aria-label=${tr(lang, this.elder ? 'app.elder.off.name' : 'app.elder.on.name')} @click=${this.toggleElder}>
          ${icons.elder}${tr(lang, this.elder ? 'app.elder.off' : 'app.elder.on')}</button>
        <button class="btn primary" data-action="lang" lang=${lang === 'zh' ? 'en' : 'zh'}
          @click=${this.toggleLang}>${icons.language}${tr(lang, 'app.language')}</button>
      </header>
      <div class="banners">
        ${!this.agentLink ? html`<xz-banner kind="error">${tr(lang, 'banner.agent.offline')}</xz-banner>` : nothing}
        ${this.hub === 'offline' ? html`<xz-banner kind="warn" data-testid="hub-offline">${tr(lang, 'banner.hub.offline')}</xz-banner>` : nothing}
        ${this.printer === 'paper-near-end' ? html`<xz-banner kind="info">${tr(lang, 'banner.printer.paper-near-end')}</xz-banner>` : nothing}
        ${this.loadError ? html`<xz-banner kind="error">${tr(lang, 'app.error.load', { message: this.loadError })}</xz-banner>` : nothing}
      </div>
      <main>${this.renderScreen()}</main>
      ${this.idle.warning !== undefined ? this.renderIdleWarning(this.idle.warning) : nothing}
      ${
        this.typing
          ? html`<xz-touch-keyboard .target=${this.typing} @xz-keyboard-close=${() => (this.typing = undefined)}></xz-touch-keyboard>`
          : nothing
      }
    `;
  }

  /** Before an idle reset: a notice with a button to keep going (large in elder mode). */
  private renderIdleWarning(seconds: number) {
    const lang = this.uiLang;
    return html`<div class="idle ${this.elder ? 'big' : ''}" role="alertdialog" aria-labelledby="idle-text" data-testid="idle-warning">
      <p id="idle-text">${tr(lang, 'app.idle', { seconds })}</p>
      <button class="btn primary large" data-action="stay" @click=${() => this.idle.reset()}>${tr(lang, 'app.idle.stay')}</button>
    </div>`;
  }

  private renderScreen(): TemplateResult {
    const s = this.screen;
    switch (s.name) {
      case 'home':
        return html`<xz-kiosk-home></xz-kiosk-home>`;
      case 'services':
        return html`<xz-service-list .green=${s.green}></xz-service-list>`;
      case 'green':
        return html`<xz-green-channel .scanned=${s.scanned}></xz-green-channel>`;
      case 'ticket':
        return html`<xz-ticket-confirmation .ticket=${s.ticket}></xz-ticket-confirmation>`;
      case 'policies':
        return html`<xz-policy-browser></xz-policy-browser>`;
      case 'rate':
        return html`<xz-rating-form></xz-rating-form>`;
      case 'request':
        return html`<xz-request-form></xz-request-form>`;
      default: {
        const never: never = s;
        throw new Error(`unknown screen ${JSON.stringify(never)}`);
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-kiosk-app': XzKioskApp;
  }
}
