/** Inline SVG icons (24×24, currentColor); decorative: labels always carry the meaning. */
import { html, type SVGTemplateResult, svg } from 'lit';

const icon = (body: SVGTemplateResult) =>
  html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const icons = {
  ticket: icon(
    svg`<path d="M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4z"/><path d="M9 7v10" stroke-dasharray="2 2"/>`,
  ),
  green: icon(svg`<path d="M5 19c0-8 6-13 15-14-1 9-6 15-14 15"/><path d="M5 19l7-7"/>`),
  policy: icon(svg`<path d="M6 3h9l4 4v14H6z"/><path d="M9 12h7M9 16h7M9 8h3"/>`),
  star: icon(svg`<path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z"/>`),
  request: icon(svg`<path d="M4 5h16v11H9l-5 4z"/><path d="M8 9h8M8 12h5"/>`),
  language: icon(
    svg`<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18"/>`,
  ),
  elder: icon(svg`<path d="M4 20V7h6M7 7v13M13 20l3-10 3 10M14 16h4"/>`),
  back: icon(svg`<path d="M15 5l-7 7 7 7"/>`),
  home: icon(svg`<path d="M3 11l9-7 9 7v9h-6v-6H9v6H3z"/>`),
  check: icon(svg`<path d="M4 12l5 5L20 6"/>`),
  warn: icon(svg`<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18v.5"/>`),
  error: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M9 9l6 6M15 9l-6 6"/>`),
  info: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>`),
  closed: icon(svg`<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>`),
  printer: icon(svg`<path d="M7 9V3h10v6M7 17H4v-7h16v7h-3"/><path d="M7 14h10v7H7z"/>`),
  offline: icon(svg`<path d="M3 3l18 18M7 18h10a4 4 0 0 0 1.5-7.7A6 6 0 0 0 8 7.6M4.5 11A4 4 0 0 0 7 18"/>`),
  search: icon(svg`<circle cx="11" cy="11" r="6"/><path d="M16 16l5 5"/>`),
  calendar: icon(svg`<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>`),
  qr: icon(svg`<path d="M3 3h7v7H3zM14 3h7v7h-7zM3 14h7v7H3zM14 14h3v3h-3zM18 18h3v3h-3z"/>`),
  phone: icon(
    svg`<path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2"/>`,
  ),
  sound: icon(svg`<path d="M4 9h4l5-4v14l-5-4H4z"/><path d="M16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12"/>`),
  clock: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`),
  list: icon(svg`<path d="M8 6h13M8 12h13M8 18h13M3 6h.5M3 12h.5M3 18h.5"/>`),
  backspace: icon(svg`<path d="M8 5h13v14H8l-6-7z"/><path d="M11 9l6 6M17 9l-6 6"/>`),
  user: icon(svg`<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>`),
} as const;

export type IconName = keyof typeof icons;
