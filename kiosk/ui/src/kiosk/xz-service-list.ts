/**
 * xz-service-list: the services to take a number for, each with open/closed state, people
 * waiting, a wait range and counters. Closed, capped or unserved services say so and cannot
 * be tapped. In green-channel mode the header shows the reason.
 * Slots: none. Events: `xz-ticket-request` {serviceId} (the shell issues the ticket), `xz-navigate`.
 * CSS parts: none.
 */
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { langContext } from '../context.ts';
import { subscribeQueue } from '../data/live.ts';
import { SubscriptionController } from '../data/subscriptions.ts';
import { fetchServices } from '../data/tickets.ts';
import type { Lang, ServiceInfo } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr } from '../i18n.ts';
import { counterList, errorText, waitRange } from './format.ts';
import { fireIntent, type GreenPass } from './intents.ts';
import { screenStyles } from './screen-styles.ts';

@customElement('xz-service-list')
export class XzServiceList extends LitElement {
  static override styles = [
    baseStyles,
    screenStyles,
    css`
      .svc {
        flex-direction: column;
        align-items: stretch;
        text-align: left;
        padding: 0.8em 1em;
        gap: 0.2em;
        min-height: calc(var(--xz-target) * 2);
      }
      .svc .top {
        display: flex;
        align-items: baseline;
        gap: 0.5em;
      }
      .svc .prefix {
        font-weight: bold;
        font-size: var(--xz-fs-large);
        min-width: 1.4em;
      }
      .svc .name {
        font-size: var(--xz-fs-large);
        font-weight: bold;
        flex: 1;
      }
      .svc .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3em 1em;
        font-size: var(--xz-fs-small);
        color: var(--xz-c-muted);
      }
      .svc:disabled .facts,
      .svc:disabled {
        color: var(--xz-c-muted);
      }
      .state {
        display: inline-flex;
        align-items: center;
        gap: 0.3em;
        font-size: var(--xz-fs-small);
      }
      .state svg {
        width: 1.1em;
        height: 1.1em;
      }
      .state.open {
        color: var(--xz-c-green);
      }
      .state.closed {
        color: var(--xz-c-danger);
      }
      .state.near {
        color: var(--xz-c-warn);
      }
      /* Portrait: the cards share the screen's height, larger, instead of a short block at the top. */
      @media (orientation: portrait) {
        /* Rows as tall as their cards, the rest of the height shared among them (stretch). */
        .grid {
          flex: 1;
          align-content: stretch;
        }
        .svc {
          justify-content: center;
          gap: 0.4em;
        }
        /* Standard mode a size up; elder mode's sizes are large already and stay. */
        .svc .prefix,
        .svc .name {
          font-size: max(var(--xz-fs-large), min(var(--xz-fs-title), 40px));
        }
        .state,
        .svc .facts {
          font-size: max(var(--xz-fs-small), min(var(--xz-fs-body), 24px));
        }
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';

  /** The green-channel pass the number will be issued with, if any. */
  @property({ attribute: false }) green?: GreenPass;

  @state() private issuing?: string;
  @state() private error?: string;

  private readonly services = new Task(this, {
    task: (_args, { signal }) => fetchServices(signal),
    args: () => [],
  });

  constructor() {
    super();
    new SubscriptionController(this, () => [subscribeQueue(() => this.services.run())]);
  }

  private async take(s: ServiceInfo) {
    if (this.issuing || !s.open) return;
    this.issuing = s.id;
    this.error = undefined;
    const intent = fireIntent(this, 'xz-ticket-request', { serviceId: s.id });
    try {
      await intent.result;
    } catch (err) {
      this.error = errorText(this.uiLang, err);
      this.services.run();
    } finally {
      this.issuing = undefined;
    }
  }

  override render() {
    const lang = this.uiLang;
    return html`
      <xz-kiosk-header heading=${tr(lang, this.green ? 'services.title.green' : 'services.title')}></xz-kiosk-header>
      ${this.green ? html`<xz-banner kind="ok">${icons.green} ${tr(lang, 'ticket.green.reason', { name: pick(lang, this.green.reason) })}</xz-banner>` : nothing}
      ${this.error ? html`<xz-banner kind="error">${this.error}</xz-banner>` : nothing}
      ${this.issuing ? html`<xz-banner kind="info">${tr(lang, 'services.issuing')}</xz-banner>` : nothing}
      ${this.services.render({
        initial: () => html`<p>${tr(lang, 'app.loading')}</p>`,
        pending: () =>
          this.services.value
            ? this.renderList(this.services.value)
            : html`<p>${tr(lang, 'app.loading')}</p>`,
        complete: (list) => this.renderList(list),
        error: (
          err,
        ) => html`<xz-banner kind="error">${tr(lang, 'app.error.load', { message: errorText(lang, err) })}
          <button slot="action" class="btn" @click=${() => this.services.run()}>${tr(lang, 'app.retry')}</button></xz-banner>`,
      })}
    `;
  }

  private renderList(list: ServiceInfo[]) {
    const lang = this.uiLang;
    return html`<div class="grid">
      ${list.map((s) => {
        const stateLine = !s.open
          ? html`<span class="state closed">${icons.closed}${tr(lang, `services.closed.${s.closedReason ?? 'hours'}`)}</span>`
          : s.nearCap
            ? html`<span class="state near">${icons.warn}${tr(lang, 'services.nearCap')}</span>`
            : html`<span class="state open">${icons.check}${tr(lang, 'services.open')}</span>`;
        return html`<button class="btn svc" data-service=${s.id} ?disabled=${!s.open || !!this.issuing}
            aria-busy=${this.issuing === s.id ? 'true' : 'false'} @click=${() => this.take(s)}>
          <span class="top"><span class="prefix" aria-hidden="true">${s.prefix}</span><span class="name">${pick(lang, s.name)}</span></span>
          ${stateLine}
          ${
            s.open
              ? html`<span class="facts">
                  <span>${tr(lang, 'services.waiting', { n: s.waiting })}</span>
                  <span>${tr(lang, 'services.wait', { range: waitRange(lang, s.estimate) })}</span>
                  ${s.counters.length ? html`<span>${tr(lang, 'services.counters', { list: counterList(lang, s.counters) })}</span>` : nothing}
                </span>`
              : nothing
          }
        </button>`;
      })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-service-list': XzServiceList;
  }
}
