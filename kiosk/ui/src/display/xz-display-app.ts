/**
 * xz-display-app: the call display (/display): the current call per counter and the last
 * calls, filling the screen: on a 1080p display a number is over 15% of the screen's height, to
 * be read from 5 m; in Chinese with English below; green-channel calls marked by icon and
 * text; numbers only, never names or ID data. Chime and spoken call after "启用声音 / enable
 * sound" is tapped (browsers need a gesture). Reconnects by itself and reloads on reconnect.
 * Slots: none. Events: none. CSS parts: none.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { subscribeCalls, subscribeConnection } from '../data/live.ts';
import { fetchStation } from '../data/station.ts';
import { SubscriptionController } from '../data/subscriptions.ts';
import { fetchQueue } from '../data/tickets.ts';
import type { LiveEvents, RecentCall, Station } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr } from '../i18n.ts';
import { createAnnouncer } from './announcer.ts';
import '../design/xz-banner.ts';

const RECENT = 8;

@customElement('xz-display-app')
export class XzDisplayApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        box-sizing: border-box;
        background: #0d1b2e;
        color: #fff;
        padding: 24px;
        gap: 24px;
        --xz-c-text: #fff;
      }
      header {
        display: flex;
        align-items: center;
        gap: 24px;
      }
      header h1 {
        flex: 1;
        font-size: 40px;
      }
      .en {
        display: block;
        font-size: 0.45em;
        opacity: 0.8;
        font-weight: normal;
      }
      .counters {
        flex: 1;
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr));
        grid-auto-rows: minmax(0, 1fr);
        gap: 24px;
      }
      .counter {
        display: flex;
        flex-direction: column;
        justify-content: center;
        background: #16304f;
        border-radius: 20px;
        padding: 20px 24px;
        border: 4px solid transparent;
        min-width: 0;
      }
      .counter.fresh {
        border-color: #ffcc33;
      }
      .counter.green {
        background: #0f4a2a;
      }
      .counter h2 {
        font-size: clamp(36px, 4.5vh, 64px);
      }
      .number {
        font-size: clamp(120px, 21vh, 400px);
        font-weight: bold;
        line-height: 1.15;
        letter-spacing: 0.02em;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
        padding-left: 0.06em;
      }
      .idle {
        font-size: 40px;
        opacity: 0.7;
      }
      .mark {
        display: inline-flex;
        align-items: center;
        gap: 0.3em;
        font-size: 28px;
        padding: 2px 14px;
        border-radius: 999px;
        background: #d9f7e5;
        color: #064222;
        font-weight: bold;
      }
      .mark svg {
        width: 1em;
        height: 1em;
      }
      .recent {
        display: flex;
        flex-wrap: wrap;
        gap: 16px;
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .recent li {
        background: #16304f;
        border-radius: 14px;
        padding: 10px 20px;
        font-size: clamp(36px, 4.5vh, 64px);
        display: flex;
        align-items: center;
        gap: 0.4em;
      }
      .recent li svg {
        width: 0.9em;
        height: 0.9em;
        color: #7ee2a8;
      }
      .btn {
        font-size: 24px;
      }
      .sound {
        font-size: 22px;
        opacity: 0.85;
      }
    `,
  ];

  @state() private station?: Station;
  @state() private current = new Map<string, RecentCall & { recall?: boolean }>();
  @state() private recent: RecentCall[] = [];
  @state() private fresh?: string;
  @state() private sound: 'off' | 'on' | 'chime-only' = 'off';
  @state() private live = true;

  private readonly announcer = createAnnouncer();
  private freshTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    new SubscriptionController(this, () => [
      subscribeCalls((e) => this.onCall(e)),
      subscribeConnection((up) => {
        this.live = up;
        if (up) void this.load();
      }),
    ]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = `${tr('zh', 'display.title')} / ${tr('en', 'display.title')}`;
    void this.load();
  }

  private async load() {
    try {
      const [station, queue] = await Promise.all([fetchStation(), fetchQueue()]);
      this.station = station;
      const current = new Map<string, RecentCall>();
      for (const c of queue.counters) {
        if (c.current)
          current.set(c.id, {
            number: c.current.number,
            counterId: c.id,
            green: c.current.kind === 'green',
            serviceId: c.current.serviceId,
            at: 0,
          });
      }
      this.current = current;
      this.recent = queue.recentCalls.slice(0, RECENT);
    } catch {
      setTimeout(() => void this.load(), 5000);
    }
  }

  private onCall(e: LiveEvents['ticket-called']) {
    const call = {
      number: e.number,
      counterId: e.counterId,
      green: e.green,
      serviceId: e.serviceId,
      at: e.at,
      recall: e.recall,
    };
    this.current = new Map(this.current).set(e.counterId, call);
    this.recent = [
      call,
      ...this.recent.filter((r) => !(r.number === e.number && r.counterId === e.counterId)),
    ].slice(0, RECENT);
    this.fresh = e.counterId;
    clearTimeout(this.freshTimer);
    this.freshTimer = setTimeout(() => (this.fresh = undefined), 8000);
    this.announcer.announce(e.number, e.counterId);
  }

  private async enableSound() {
    const { voice } = await this.announcer.enable();
    this.sound = voice ? 'on' : 'chime-only';
  }

  override render() {
    const counters = this.station?.counters ?? [...this.current.keys()].map((id) => ({ id, services: [] }));
    return html`
      <header>
        <h1>${tr('zh', 'display.title')} · ${pick('zh', this.station?.name)}<span class="en">${tr('en', 'display.title')}</span></h1>
        ${
          this.sound === 'off'
            ? html`<button class="btn primary" data-action="enable-sound" @click=${this.enableSound}>${icons.sound}${tr('zh', 'display.enableSound')} / ${tr('en', 'display.enableSound')}</button>`
            : html`<span class="sound" role="status">${icons.sound} ${
                this.sound === 'on'
                  ? `${tr('zh', 'display.soundOn')} / ${tr('en', 'display.soundOn')}`
                  : `${tr('zh', 'display.noVoice')} / ${tr('en', 'display.noVoice')}`
              }</span>`
        }
      </header>
      ${!this.live ? html`<xz-banner kind="error">${tr('zh', 'banner.agent.offline')} ${tr('en', 'banner.agent.offline')}</xz-banner>` : nothing}
      <section class="counters" aria-live="polite">
        ${counters.map((c) => {
          const call = this.current.get(c.id);
          return html`<article class="counter ${call?.green ? 'green' : ''} ${this.fresh === c.id ? 'fresh' : ''}" data-counter=${c.id}>
            <h2>${tr('zh', 'display.counter', { id: c.id })}<span class="en">${tr('en', 'display.counter', { id: c.id })}</span></h2>
            ${
              call
                ? html`<div class="number" data-testid="call-${c.id}">${call.number}</div>
                  ${call.green ? html`<span class="mark">${icons.green}${tr('zh', 'display.green')} ${tr('en', 'display.green')}</span>` : nothing}`
                : html`<div class="idle">${tr('zh', 'display.idle')} <span class="en">${tr('en', 'display.idle')}</span></div>`
            }
          </article>`;
        })}
      </section>
      <section>
        <h2>${tr('zh', 'display.recent')} <span class="en" style="display:inline">${tr('en', 'display.recent')}</span></h2>
        ${
          this.recent.length
            ? html`<ol class="recent">${this.recent.map(
                (
                  r,
                ) => html`<li>${r.green ? html`${icons.green}<span class="sr-only">${tr('zh', 'display.green')}</span>` : nothing}
                  ${r.number} → ${tr('zh', 'display.counter', { id: r.counterId })}</li>`,
              )}</ol>`
            : html`<p class="idle">${tr('zh', 'display.none')} / ${tr('en', 'display.none')}</p>`
        }
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-display-app': XzDisplayApp;
  }
}
