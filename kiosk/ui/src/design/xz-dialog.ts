/**
 * xz-dialog: a modal dialog over the page (role=dialog, aria-modal), focus moved inside on open.
 * Slots: default (body), `actions` (buttons). Events: `xz-dialog-close` when dismissed by
 * the close button or Escape. CSS parts: `panel`.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('xz-dialog')
export class XzDialog extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      z-index: 100;
      display: none;
    }
    :host([open]) {
      display: grid;
      place-items: center;
      background: rgb(0 0 0 / 0.45);
    }
    .panel {
      background: var(--xz-c-surface);
      color: var(--xz-c-text);
      border-radius: var(--xz-radius);
      padding: calc(var(--xz-gap) * 1.5);
      min-width: min(560px, 90vw);
      max-width: 90vw;
      max-height: 90vh;
      overflow: auto;
      display: flex;
      flex-direction: column;
      gap: var(--xz-gap);
      font-size: var(--xz-fs-body);
      line-height: var(--xz-lh);
    }
    h2 {
      margin: 0;
      font-size: var(--xz-fs-large);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--xz-gap);
      justify-content: flex-end;
    }
  `;

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** The dialog's title, also its accessible name. */
  @property() heading = '';

  override render() {
    if (!this.open) return nothing;
    return html`<div part="panel" class="panel" role="dialog" aria-modal="true" aria-labelledby="h" tabindex="-1"
      @keydown=${this.onKey}>
      <h2 id="h">${this.heading}</h2>
      <slot></slot>
      <div class="actions"><slot name="actions"></slot></div>
    </div>`;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('open') && this.open) this.renderRoot.querySelector<HTMLElement>('.panel')?.focus();
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'Escape')
      this.dispatchEvent(new CustomEvent('xz-dialog-close', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-dialog': XzDialog;
  }
}
