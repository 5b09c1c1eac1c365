/**
 * xz-kiosk-home: the start screen: take a number, green channel, policies, rating, request.
 * Warns before a number is taken when the printer cannot print.
 * Slots: none. Events: `xz-navigate`. CSS parts: none.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { langContext, printerContext, stationContext } from '../context.ts';
import type { Lang, PrinterState, Station } from '../data/types.ts';
import { type IconName, icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr, type UiKey } from '../i18n.ts';
import { fireIntent, type KioskRoute } from './intents.ts';
import { printerBlocked } from './printer.ts';

const TILES: { to: KioskRoute; icon: IconName; key: UiKey; sub: UiKey; main?: boolean }[] = [
  { to: 'services', icon: 'ticket', key: 'home.take', sub: 'home.take.sub', main: true },
  { to: 'green', icon: 'green', key: 'home.green', sub: 'home.green.sub', main: true },
  { to: 'policies', icon: 'policy', key: 'home.policies', sub: 'home.policies.sub' },
  { to: 'rate', icon: 'star', key: 'home.rate', sub: 'home.rate.sub' },
  { to: 'request', icon: 'request', key: 'home.request', sub: 'home.request.sub' },
];

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
      .station {
        color: var(--xz-c-muted);
        font-size: var(--xz-fs-body);
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(6, 1fr);
        gap: calc(var(--xz-gap) * 1.2);
      }
      .tile {
        grid-column: span 2;
        flex-direction: column;
        align-items: flex-start;
        justify-content: flex-start;
        text-align: left;
        min-height: calc(var(--xz-target) * 2.6);
        padding: 1em 1.2em;
        gap: 0.3em;
      }
      .tile.main {
        grid-column: span 3;
        min-height: calc(var(--xz-target) * 3.2);
      }
      .tile svg {
        width: 2.2em;
        height: 2.2em;
      }
      .tile .name {
        font-size: var(--xz-fs-title);
        font-weight: bold;
      }
      .tile .sub {
        font-size: var(--xz-fs-small);
        opacity: 0.9;
      }
      .tile.green {
        background: var(--xz-c-green);
      }
      @media (max-width: 900px) {
        .tile,
        .tile.main {
          grid-column: span 6;
        }
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';
  @consume({ context: stationContext, subscribe: true }) private station?: Station;
  @consume({ context: printerContext, subscribe: true }) private printer: PrinterState = 'ready';

  override render() {
    const lang = this.uiLang;
    return html`
      <div>
        <h1>${tr(lang, 'home.welcome')}</h1>
        <p class="station">${pick(lang, this.station?.name)}</p>
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
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-kiosk-home': XzKioskHome;
  }
}
