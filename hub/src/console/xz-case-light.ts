/**
 * xz-case-light: a case's light as a shape, a colour and words (红灯 · 超期 Red: overdue), so the
 * colour is never alone: red is an octagon with a bar, yellow a triangle with a mark, green a
 * circle with a tick, closed a grey square.
 * Properties: `light`. Events, slots: none. Parts: `icon`.
 */
import { css, html, LitElement, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CaseLight } from './data/api.ts';
import { LIGHT_WORDS, say } from './data/case-words.ts';

const ICONS: Record<CaseLight, ReturnType<typeof svg>> = {
  red: svg`<polygon points="5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5" fill="#c5221f"/><rect x="4" y="7" width="8" height="2" fill="#fff"/>`,
  yellow: svg`<polygon points="8,1 15,15 1,15" fill="#f0a500"/><rect x="7.2" y="6" width="1.6" height="5" fill="#1b1f24"/><rect x="7.2" y="12" width="1.6" height="1.6" fill="#1b1f24"/>`,
  green: svg`<circle cx="8" cy="8" r="7" fill="#1e8e3e"/><polyline points="4.5,8.5 7,11 11.5,5.5" fill="none" stroke="#fff" stroke-width="2"/>`,
  none: svg`<rect x="2" y="2" width="12" height="12" rx="2" fill="#9aa0a6"/>`,
};

@customElement('xz-case-light')
export class XzCaseLight extends LitElement {
  static override styles = css`
    :host { display: inline-flex; align-items: center; gap: 0.35em; white-space: nowrap; }
    :host([light='red']) { color: #a50e0e; font-weight: 600; }
    svg { width: 1em; height: 1em; flex: none; }
  `;

  /** red, yellow, green or none (closed). */
  @property({ reflect: true }) light: CaseLight = 'none';

  override render() {
    return html`<svg part="icon" viewBox="0 0 16 16" aria-hidden="true">${ICONS[this.light] ?? ICONS.none}</svg><span>${say(LIGHT_WORDS[this.light] ?? LIGHT_WORDS.none)}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-case-light': XzCaseLight;
  }
}
