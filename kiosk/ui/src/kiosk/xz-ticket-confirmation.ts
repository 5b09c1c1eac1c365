/**
 * xz-ticket-confirmation: the number just issued, big, with people ahead, wait range, counters,
 * time and a QR to follow it on a phone. When the slip cannot print (paper out, cover open …)
 * the number and QR are shown large with "请向工作人员出示此屏幕 / please show this screen to staff".
 * Once the slip is printed it returns home by itself after the station's confirmation time (30 s
 * unless configured), so the next person does not find this number and QR on the screen.
 * Slots: none. Events: `xz-navigate` {to:'home'}. CSS parts: `number`.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { langContext, printerContext, stationContext } from '../context.ts';
import { fetchTicket } from '../data/tickets.ts';
import type { Lang, PrinterState, Station, Ticket } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr } from '../i18n.ts';
import { counterList, waitRange } from './format.ts';
import { fireIntent } from './intents.ts';
import { needsScreenFallback } from './printer.ts';
import { screenStyles } from './screen-styles.ts';

@customElement('xz-ticket-confirmation')
export class XzTicketConfirmation extends LitElement {
  static override styles = [
    baseStyles,
    screenStyles,
    css`
      .main {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: calc(var(--xz-gap) * 2);
        align-items: center;
      }
      .number {
        font-size: var(--xz-fs-number);
        font-weight: bold;
        line-height: 1.25;
        letter-spacing: 0.04em;
        font-variant-numeric: tabular-nums;
      }
      .green .number {
        color: var(--xz-c-green);
      }
      .facts {
        display: flex;
        flex-direction: column;
        gap: 0.3em;
        font-size: var(--xz-fs-large);
      }
      .facts .muted {
        font-size: var(--xz-fs-body);
      }
      .facts .tag {
        align-self: flex-start;
      }
      .number {
        padding-left: 0.05em;
      }
      .qr {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 0.4em;
        text-align: center;
        max-width: 420px;
        font-size: var(--xz-fs-body);
        --xz-qr-size: 300px;
      }
      .actions {
        align-items: center;
      }
      /* Portrait: number, facts and QR one under the other, using the height. */
      @media (orientation: portrait) {
        .main {
          flex: 1;
          align-content: space-evenly;
          grid-template-columns: 1fr;
          justify-items: center;
          text-align: center;
          padding: calc(var(--xz-gap) * 2);
          gap: calc(var(--xz-gap) * 2.5);
        }
        .facts {
          align-items: center;
        }
        .facts .tag {
          align-self: center;
        }
        .number {
          font-size: calc(var(--xz-fs-number) * 1.4);
        }
        .qr {
          --xz-qr-size: 380px;
        }
      }
      .fallback .number {
        font-size: calc(var(--xz-fs-number) * 1.4);
      }
      .fallback .qr {
        --xz-qr-size: 360px;
        max-width: 400px;
      }
      .show {
        display: flex;
        align-items: center;
        gap: 0.6em;
        padding: 0.5em 0.8em;
        border: 4px solid var(--xz-c-warn);
        background: var(--xz-c-warn-bg);
        color: var(--xz-c-warn);
        border-radius: var(--xz-radius);
        font-size: var(--xz-fs-title);
        font-weight: bold;
      }
      .show svg {
        width: 1.4em;
        height: 1.4em;
        flex: none;
      }
      @media (max-width: 900px) {
        .main {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';
  @consume({ context: printerContext, subscribe: true }) private printer: PrinterState = 'ready';
  @consume({ context: stationContext, subscribe: true }) private station?: Station;

  /** The ticket to show. */
  @property({ attribute: false }) ticket?: Ticket;

  /** The ticket as last read back from the agent while its slip is still on its way. */
  @state() private latest?: Ticket;
  /** Seconds left before returning home, once printed. */
  @state() private left?: number;
  private followTimer?: ReturnType<typeof setTimeout>;
  private homeTimer?: ReturnType<typeof setInterval>;

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('ticket')) {
      this.latest = undefined;
      this.left = undefined;
      clearInterval(this.homeTimer);
      this.homeTimer = undefined;
      this.follow();
    }
    const t = this.latest ?? this.ticket;
    if (t?.print?.state === 'printed' && this.homeTimer === undefined) this.countDown();
  }

  override disconnectedCallback(): void {
    clearTimeout(this.followTimer);
    clearInterval(this.homeTimer);
    super.disconnectedCallback();
  }

  /** Printed: home after the station's confirmation time. */
  private countDown() {
    const end = Date.now() + (this.station?.confirmationSeconds ?? 30) * 1000;
    const step = () => {
      this.left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (this.left === 0) {
        clearInterval(this.homeTimer);
        fireIntent(this, 'xz-navigate', { to: 'home' });
      }
    };
    step();
    this.homeTimer = setInterval(step, 1000);
  }

  /** Reads the ticket again until its slip is printed (or given up), so the screen says so. */
  private follow() {
    clearTimeout(this.followTimer);
    const t = this.latest ?? this.ticket;
    // No print state yet: the slip is about to be queued, so follow it as queued.
    const print = t?.print?.state ?? 'queued';
    if (!t || (print !== 'queued' && print !== 'held')) return;
    this.followTimer = setTimeout(async () => {
      try {
        const fresh = await fetchTicket(t.id);
        if (fresh.id === this.ticket?.id) this.latest = { ...fresh, print: fresh.print ?? t.print };
      } catch {
        // The next round tries again; the screen keeps what it has.
      }
      if (this.isConnected && t.id === this.ticket?.id) this.follow();
    }, 1500);
  }

  override render() {
    const t = this.latest ?? this.ticket;
    if (!t) return nothing;
    const lang = this.uiLang;
    const fallback = needsScreenFallback(t, this.printer);
    const green = t.kind === 'green';
    return html`
      <xz-kiosk-header heading=${tr(lang, green ? 'ticket.title.green' : 'ticket.title')}></xz-kiosk-header>
      ${
        fallback
          ? html`<div class="show" role="alert">${icons.printer}<span>请向工作人员出示此屏幕<br />Please show this screen to staff</span></div>
              <p>${tr(lang, 'ticket.showStaff.why')}</p>`
          : html`<xz-banner kind="ok">${tr(lang, t.print?.state === 'printed' ? 'ticket.printed' : 'ticket.printing')}</xz-banner>`
      }
      <div class="card main ${green ? 'green' : ''} ${fallback ? 'fallback' : ''}">
        <div class="facts">
          <span class="muted">${tr(lang, 'ticket.number')}</span>
          <span part="number" class="number" data-testid="ticket-number">${t.number}</span>
          ${green && t.green ? html`<span class="tag green">${icons.green}${tr(lang, 'ticket.green.reason', { name: pick(lang, t.green.name) })}</span>` : nothing}
          <span>${pick(lang, t.serviceName)}</span>
          <strong>${tr(lang, 'ticket.ahead', { n: t.ahead })}</strong>
          <span>${tr(lang, 'ticket.wait', { range: waitRange(lang, t.estimate) })}</span>
          ${t.counters.length ? html`<span>${tr(lang, 'ticket.counters', { list: counterList(lang, t.counters) })}</span>` : nothing}
          <span class="muted">${tr(lang, 'ticket.time', { time: t.issuedAtText })}</span>
          ${green && t.green?.needsConfirmation ? html`<span class="muted">${icons.info} ${tr(lang, 'ticket.confirmAtCounter')}</span>` : nothing}
        </div>
        <div class="qr">
          <xz-qr .value=${t.statusUrl} label=${tr(lang, 'ticket.qr')}></xz-qr>
          <span>${tr(lang, 'ticket.qr')}</span>
        </div>
      </div>
      <div class="actions">
        ${this.left !== undefined ? html`<span class="muted" data-testid="return-home">${tr(lang, 'ticket.returning', { seconds: this.left })}</span>` : nothing}
        <button class="btn primary large" @click=${() => fireIntent(this, 'xz-navigate', { to: 'home' })}>${icons.check}${tr(lang, 'app.done')}</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-ticket-confirmation': XzTicketConfirmation;
  }
}
