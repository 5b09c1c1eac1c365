/**
 * xz-kiosk-home: the start screen, laid out for the standing portrait kiosk (1080×1920) and
 * landscape alike: the district's branding and the station's name, date and clock in station
 * time, opening hours and phone; the five tasks (take a number, green channel, policies, rating,
 * request); and the live waiting summary per service. Warns before a number is taken when the
 * printer cannot print.
 * Slots: none. Events: `xz-navigate`. CSS parts: `clock`, `queue`.
 */
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { langContext, printerContext, stationContext } from '../context.ts';
import { subscribeQueue } from '../data/live.ts';
import { SubscriptionController } from '../data/subscriptions.ts';
import { fetchServices } from '../data/tickets.ts';
import type { Lang, PrinterState, ServiceInfo, Station } from '../data/types.ts';
import { type IconName, icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr, type UiKey } from '../i18n.ts';
import { hoursText, stationClock, waitRange } from './format.ts';
import { fireIntent, type KioskRoute } from './intents.ts';
import { printerBlocked } from './printer.ts';

const TILES: { to: KioskRoute; icon: IconName; key: UiKey; sub: UiKey; main?: boolean }[] = [
  { to: 'services', icon: 'ticket', key: 'home.take', sub: 'home.take.sub', main: true },
  { to: 'green', icon: 'green', key: 'home.green', sub: 'home.green.sub', main: true },
  { to: 'policies', icon: 'policy', key: 'home.policies', sub: 'home.policies.sub' },
  { to: 'rate', icon: 'star', key: 'home.rate', sub: 'home.rate.sub' },
  { to: 'request', icon: 'request', key: 'home.request', sub: 'home.request.sub' },
];

/** The mark shown until the station configures the district's own image. */
const EMBLEM = html`<svg class="emblem" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
  <rect x="2" y="2" width="60" height="60" rx="14" fill="currentColor" />
  <path d="M14 50V28l18-12 18 12v22H38V38H26v12z" fill="#fff" />
  <path d="M22 30h20" stroke="#fff" stroke-width="3" />
</svg>`;

@customElement('xz-kiosk-home')
export class XzKioskHome extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: calc(var(--xz-gap) * 1.5);
      }
      .brand {
        display: flex;
        align-items: center;
        gap: var(--xz-gap);
      }
      .brand img,
      .brand .emblem {
        width: 112px;
        height: 112px;
        object-fit: contain;
        flex: none;
        color: var(--xz-c-primary);
      }
      .brand .names {
        display: flex;
        flex-direction: column;
        gap: 0.2em;
      }
      .station {
        font-size: var(--xz-fs-large);
        font-weight: bold;
      }
      .info {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: var(--xz-gap) calc(var(--xz-gap) * 2);
        align-items: center;
        padding: var(--xz-gap) calc(var(--xz-gap) * 1.5);
      }
      .clock {
        display: flex;
        flex-direction: column;
      }
      .clock .time {
        font-size: calc(var(--xz-fs-title) * 2);
        font-weight: bold;
        line-height: 1.1;
        font-variant-numeric: tabular-nums;
      }
      .facts {
        display: flex;
        flex-direction: column;
        gap: 0.3em;
        font-size: var(--xz-fs-body);
      }
      .facts span {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
      }
      .tiles {
        flex: 1;
        display: grid;
        grid-template-columns: repeat(6, 1fr);
        grid-auto-rows: minmax(calc(var(--xz-target) * 2.6), 1fr);
        gap: calc(var(--xz-gap) * 1.2);
      }
      .tile {
        grid-column: span 2;
        flex-direction: column;
        align-items: flex-start;
        justify-content: center;
        text-align: left;
        padding: 1em 1.2em;
        gap: 0.3em;
      }
      .tile.main {
        grid-column: span 3;
      }
      .tile svg {
        width: 2.4em;
        height: 2.4em;
      }
      .tile .name {
        font-size: var(--xz-fs-title);
        font-weight: bold;
      }
      .tile .sub {
        font-size: var(--xz-fs-small);
        opacity: 0.95;
      }
      .tile.green {
        background: var(--xz-c-green);
        border-color: var(--xz-c-green);
      }
      .queue h2 {
        margin-bottom: 0.4em;
      }
      .queue ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 440px), 1fr));
        gap: 6px calc(var(--xz-gap) * 1.5);
      }
      .queue li {
        display: flex;
        justify-content: space-between;
        gap: 0.6em;
        padding: 0.35em 0;
        border-bottom: 1px solid var(--xz-c-border);
        font-size: var(--xz-fs-body);
      }
      .queue .n {
        font-weight: bold;
        white-space: nowrap;
      }
      .queue .closed {
        color: var(--xz-c-muted);
      }
      /* Landscape: tasks on the left, the clock and the queue on the right. */
      @media (orientation: landscape) and (min-width: 1200px) {
        :host {
          display: grid;
          grid-template-columns: 3fr 2fr;
          grid-template-rows: auto auto 1fr;
          align-content: stretch;
        }
        .brand {
          grid-column: 1 / -1;
        }
        .tiles {
          grid-row: 2 / 4;
        }
        .info {
          grid-template-columns: 1fr;
          gap: 0.5em;
        }
        .brand img,
        .brand .emblem {
          width: 80px;
          height: 80px;
        }
        .clock .time {
          font-size: calc(var(--xz-fs-title) * 1.6);
        }
        .queue ul {
          grid-template-columns: 1fr 1fr;
        }
        .queue li {
          flex-direction: column;
          gap: 0;
          padding: 0.2em 0;
        }
      }
      /* A small portrait screen (768×1366): the same layout, tighter. */
      @media (max-width: 900px) {
        :host {
          gap: var(--xz-gap);
        }
        .info {
          padding: 0.5em 1em;
        }
        .brand img,
        .brand .emblem {
          width: 80px;
          height: 80px;
        }
        .clock .time {
          font-size: calc(var(--xz-fs-title) * 1.5);
        }
        .tiles {
          grid-auto-rows: minmax(calc(var(--xz-target) * 1.5), 1fr);
          gap: var(--xz-gap);
        }
        .tile {
          padding: 0.6em 0.8em;
        }
        .queue ul {
          grid-template-columns: 1fr 1fr;
        }
        .queue li {
          flex-direction: column;
          gap: 0;
          padding: 0.15em 0;
          font-size: var(--xz-fs-small);
        }
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';
  @consume({ context: stationContext, subscribe: true }) private station?: Station;
  @consume({ context: printerContext, subscribe: true }) private printer: PrinterState = 'ready';

  @state() private now = Date.now();
  private tick?: ReturnType<typeof setInterval>;

  private readonly services = new Task(this, {
    task: (_args, { signal }) => fetchServices(signal),
    args: () => [],
  });

  constructor() {
    super();
    new SubscriptionController(this, () => [subscribeQueue(() => this.services.run())]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick = setInterval(() => (this.now = Date.now()), 1000);
  }

  override disconnectedCallback(): void {
    clearInterval(this.tick);
    super.disconnectedCallback();
  }

  override render() {
    const lang = this.uiLang;
    const s = this.station;
    const clock = stationClock(lang, s?.timeZone ?? 'Asia/Shanghai', this.now);
    return html`
      <div class="brand">
        ${s?.brandingImage ? html`<img src=${s.brandingImage} alt="" />` : EMBLEM}
        <div class="names">
          <h1>${tr(lang, 'home.welcome')}</h1>
          <span class="station">${pick(lang, s?.name)}</span>
        </div>
      </div>
      <div class="card info">
        <div part="clock" class="clock" data-testid="home-clock">
          <span class="time">${clock.time}</span>
          <span>${clock.date}</span>
        </div>
        <div class="facts">
          ${s?.hours?.length ? html`<span>${icons.clock}${tr(lang, 'home.hours')}：${hoursText(lang, s.hours)}</span>` : nothing}
          ${s?.phone ? html`<span>${icons.phone}${tr(lang, 'home.phone')}：${s.phone}</span>` : nothing}
        </div>
      </div>
      ${
        printerBlocked(this.printer)
          ? html`<xz-banner kind="warn">${tr(lang, `banner.printer.${this.printer}` as UiKey)}</xz-banner>`
          : nothing
      }
      <nav class="tiles" aria-label=${tr(lang, 'app.title')}>
        ${TILES.map(
          (t) => html`<button
            class="btn tile ${t.main ? 'main primary' : ''} ${t.to === 'green' ? 'green' : ''}"
            data-route=${t.to}
            @click=${() => fireIntent(this, 'xz-navigate', { to: t.to })}>
            ${icons[t.icon]}<span class="name">${tr(lang, t.key)}</span><span class="sub">${tr(lang, t.sub)}</span>
          </button>`,
        )}
      </nav>
      <section part="queue" class="card queue" aria-labelledby="queue-title">
        <h2 id="queue-title">${tr(lang, 'home.queue')}</h2>
        ${this.renderQueue(this.services.value)}
      </section>
    `;
  }

  private renderQueue(list: ServiceInfo[] | undefined) {
    const lang = this.uiLang;
    if (!list?.length) return html`<p class="muted">${tr(lang, 'home.queue.none')}</p>`;
    return html`<ul data-testid="home-queue">
      ${list.map(
        (svc) => html`<li data-service-summary=${svc.id} class=${svc.open ? '' : 'closed'}>
          <span>${pick(lang, svc.name)}</span>
          ${
            svc.open
              ? html`<span class="n">${tr(lang, 'services.waiting', { n: svc.waiting })} · ${waitRange(lang, svc.estimate)}</span>`
              : html`<span class="n">${tr(lang, `services.closed.${svc.closedReason ?? 'hours'}`)}</span>`
          }
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-kiosk-home': XzKioskHome;
  }
}
