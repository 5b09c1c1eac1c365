/**
 * xz-banner: a status line with an icon and text, so colour is never the only signal.
 * Slots: default (the message), `action` (an optional button). Events: none.
 * CSS parts: `banner`. `kind` = info | ok | warn | error; warn and error are announced (role=alert).
 */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { icons } from './icons.ts';

export type BannerKind = 'info' | 'ok' | 'warn' | 'error';

@customElement('xz-banner')
export class XzBanner extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .banner {
      display: flex;
      align-items: center;
      gap: 0.6em;
      padding: 0.6em 1em;
      border-radius: var(--xz-radius, 12px);
      border: 2px solid currentColor;
      font-size: var(--xz-fs-body);
      line-height: var(--xz-lh);
    }
    svg {
      width: 1.5em;
      height: 1.5em;
      flex: none;
    }
    .text {
      flex: 1;
    }
    .info {
      color: var(--xz-c-primary);
      background: var(--xz-c-info-bg);
    }
    .ok {
      color: var(--xz-c-green);
      background: var(--xz-c-green-bg);
    }
    .warn {
      color: var(--xz-c-warn);
      background: var(--xz-c-warn-bg);
    }
    .error {
      color: var(--xz-c-danger);
      background: var(--xz-c-danger-bg);
    }
  `;

  /** info | ok | warn | error */
  @property({ reflect: true }) kind: BannerKind = 'info';

  override render() {
    const icon = { info: icons.info, ok: icons.check, warn: icons.warn, error: icons.error }[this.kind];
    const urgent = this.kind === 'warn' || this.kind === 'error';
    return html`<div part="banner" class="banner ${this.kind}" role=${urgent ? 'alert' : 'status'}>
      ${icon}<span class="text"><slot></slot></span><slot name="action"></slot>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-banner': XzBanner;
  }
}
