/**
 * xz-calendar-warning: the warning every console page carries while a calendar year is missing
 * (working days count Monday–Friday and deadlines are provisional), with a link to enter the
 * first missing year for those who may edit the calendar. Renders nothing when no year is missing.
 * Properties: `missing`, `canEdit`. Events, slots: none. Parts: none.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { CALENDAR_WORDS, missingYearsWarning } from './data/calendar.ts';
import { say } from './data/case-words.ts';
import { consoleStyles } from './styles.ts';

@customElement('xz-calendar-warning')
export class XzCalendarWarning extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      aside { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: baseline; padding: 0.6rem 1.2rem;
        background: #fff4d6; color: #4d3800; border-bottom: 1px solid #e0c060; }
      aside p { margin: 0; flex: 1 1 30rem; }
      a { color: #0b4aa8; font-weight: 600; }
    `,
  ];

  /** The years with no holiday data (empty: nothing is shown). */
  @property({ attribute: false }) missing: readonly number[] = [];
  /** The operator may edit the calendar: the warning links to the first missing year. */
  @property({ type: Boolean, reflect: true }) canEdit = false;

  override render() {
    if (this.missing.length === 0) return nothing;
    const first = Math.min(...this.missing);
    return html`<aside aria-label="日历提醒 Calendar warning" data-testid="calendar-warning">
      <p>⚠ ${say(missingYearsWarning(this.missing))}</p>
      ${
        this.canEdit
          ? html`<a href="#/calendar/${first}">${say(CALENDAR_WORDS.openWarning)} ${first}</a>`
          : nothing
      }
    </aside>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-calendar-warning': XzCalendarWarning;
  }
}
