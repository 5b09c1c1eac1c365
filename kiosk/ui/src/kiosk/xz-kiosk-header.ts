/**
 * xz-kiosk-header: a screen title with a back-to-home button.
 * Slots: `extra` (buttons after the title). Events: `xz-navigate` {to:'home'}. CSS parts: none.
 */
import { consume } from '@lit/context';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { langContext } from '../context.ts';
import type { Lang } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { tr } from '../i18n.ts';
import { fireIntent } from './intents.ts';

@customElement('xz-kiosk-header')
export class XzKioskHeader extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: var(--xz-gap);
      }
      h1 {
        flex: 1;
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';
  /** The screen title. */
  @property() heading = '';

  override render() {
    return html`<button class="btn" @click=${() => fireIntent(this, 'xz-navigate', { to: 'home' })}>
        ${icons.home}${tr(this.uiLang, 'app.home')}
      </button>
      <h1>${this.heading}</h1>
      <slot name="extra"></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-kiosk-header': XzKioskHeader;
  }
}
