/**
 * xz-qr: a QR code drawn as inline SVG from `value`, with a quiet zone.
 * Slots: none. Events: none. CSS parts: `svg`. Size follows `--xz-qr-size` (default 200px).
 */
import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { qrPath } from './qr-matrix.ts';

@customElement('xz-qr')
export class XzQr extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      width: var(--xz-qr-size, 200px);
      height: var(--xz-qr-size, 200px);
      background: #fff;
    }
    svg {
      width: 100%;
      height: 100%;
      display: block;
    }
  `;

  /** The text or URL to encode. */
  @property() value = '';
  /** Accessible name of the image (what scanning it does). */
  @property() label = '';

  private cache?: { value: string; size: number; d: string };

  override render() {
    if (!this.value) return nothing;
    if (this.cache?.value !== this.value) this.cache = { value: this.value, ...qrPath(this.value) };
    const { size, d } = this.cache;
    const q = 4;
    return html`<svg part="svg" role="img" aria-label=${this.label || this.value} viewBox="${-q} ${-q} ${size + 2 * q} ${size + 2 * q}" shape-rendering="crispEdges">${svg`<rect x=${-q} y=${-q} width=${size + 2 * q} height=${size + 2 * q} fill="#fff"/><path d=${d} fill="#000"/>`}</svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-qr': XzQr;
  }
}
