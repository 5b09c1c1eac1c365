/**
 * A case's light as a shape, a colour and words (红灯 · 超期 Red: overdue), so the colour is never
 * alone: red is an octagon with a bar, yellow a triangle with a mark, green a circle with a tick,
 * closed a grey square. A template (not an element) so its words are part of the row they sit in.
 */
import { html, svg } from 'lit';
import type { CaseLight } from './data/api.ts';
import { LIGHT_WORDS, say } from './data/case-words.ts';

const ICONS: Record<CaseLight, ReturnType<typeof svg>> = {
  red: svg`<polygon points="5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5" fill="#c5221f"/><rect x="4" y="7" width="8" height="2" fill="#fff"/>`,
  yellow: svg`<polygon points="8,1 15,15 1,15" fill="#f0a500"/><rect x="7.2" y="6" width="1.6" height="5" fill="#1b1f24"/><rect x="7.2" y="12" width="1.6" height="1.6" fill="#1b1f24"/>`,
  green: svg`<circle cx="8" cy="8" r="7" fill="#1e8e3e"/><polyline points="4.5,8.5 7,11 11.5,5.5" fill="none" stroke="#fff" stroke-width="2"/>`,
  none: svg`<rect x="2" y="2" width="12" height="12" rx="2" fill="#9aa0a6"/>`,
};

export function caseLight(light: CaseLight) {
  const known = light in ICONS ? light : 'none';
  return html`<span class="case-light ${known}" data-light=${known}><svg viewBox="0 0 16 16" aria-hidden="true">${ICONS[known]}</svg>${say(LIGHT_WORDS[known])}</span>`;
}
