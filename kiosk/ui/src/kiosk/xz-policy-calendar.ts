/**
 * xz-policy-calendar: a month calendar of application deadlines (申报月历) with "closing soon"
 * (≤ 14 days) marked by icon and text, and the month's deadlines listed below it.
 * Slots: none. Events: `xz-policy-open` {policyId}. CSS parts: none.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { langContext } from '../context.ts';
import type { Lang, Policy } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr } from '../i18n.ts';
import { closingSoon, daysBetween, deadlinesInMonth, monthGrid } from './policy-search.ts';

const WEEKDAYS = {
  zh: ['一', '二', '三', '四', '五', '六', '日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

@customElement('xz-policy-calendar')
export class XzPolicyCalendar extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      table {
        width: 100%;
        border-collapse: separate;
        border-spacing: 4px;
        table-layout: fixed;
      }
      th {
        font-size: var(--xz-fs-small);
        color: var(--xz-c-muted);
      }
      td {
        vertical-align: top;
        height: calc(var(--xz-target) * 1.1);
        border: 1px solid var(--xz-c-border);
        border-radius: 8px;
        padding: 4px 6px;
        background: var(--xz-c-surface);
        font-size: var(--xz-fs-small);
      }
      td.empty {
        border: none;
        background: none;
      }
      td.today {
        outline: 3px solid var(--xz-c-primary);
      }
      td.has {
        background: var(--xz-c-info-bg);
        font-weight: bold;
      }
      td.soon {
        background: var(--xz-c-warn-bg);
        color: var(--xz-c-warn);
      }
      .mark {
        display: block;
        font-weight: normal;
      }
      .mark svg {
        width: 1em;
        height: 1em;
        vertical-align: -0.1em;
      }
      .head {
        display: flex;
        align-items: center;
        gap: var(--xz-gap);
        justify-content: space-between;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      li .btn {
        width: 100%;
        justify-content: space-between;
        text-align: left;
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';

  /** The policies whose deadlines are shown. */
  @property({ attribute: false }) policies: Policy[] = [];
  /** Station-local date 'YYYY-MM-DD'. */
  @property() today = '';

  @state() private offset = 0;

  override render() {
    const lang = this.uiLang;
    const [ty, tm, td] = this.today.split('-').map(Number);
    const m0 = tm - 1 + this.offset;
    const year = ty + Math.floor(m0 / 12);
    const month = (((m0 % 12) + 12) % 12) + 1;
    const byDay = deadlinesInMonth(this.policies, year, month);
    const thisMonth = [...byDay.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, ps]) => ps);
    return html`<div class="stack">
      <div class="head">
        <button class="btn" aria-label=${tr(lang, 'policies.calendar.prev')} @click=${() => this.offset--}>${icons.back}</button>
        <h2 aria-live="polite">${tr(lang, 'policies.calendar.month', { year, month })}</h2>
        <button class="btn" aria-label=${tr(lang, 'policies.calendar.next')} @click=${() => this.offset++}>
          <span style="display:inline-flex;transform:scaleX(-1)">${icons.back}</span></button>
      </div>
      <table>
        <thead><tr>${WEEKDAYS[lang].map((d) => html`<th scope="col">${d}</th>`)}</tr></thead>
        <tbody>
          ${monthGrid(year, month).map(
            (week) =>
              html`<tr>${week.map((day) => {
                if (!day) return html`<td class="empty"></td>`;
                const due = byDay.get(day) ?? [];
                const soon = due.some((p) => closingSoon(p, this.today));
                const isToday = this.offset === 0 && day === td;
                return html`<td class="${due.length ? 'has' : ''} ${soon ? 'soon' : ''} ${isToday ? 'today' : ''}">
                ${day}${isToday ? html`<span class="mark">${tr(lang, 'policies.calendar.today')}</span>` : nothing}
                ${due.length ? html`<span class="mark">${soon ? icons.warn : icons.calendar} ×${due.length}</span>` : nothing}
              </td>`;
              })}</tr>`,
          )}
        </tbody>
      </table>
      <h3>${tr(lang, 'policies.calendar.deadlines')}</h3>
      ${
        thisMonth.length
          ? html`<ul>${thisMonth.map((p) => {
              const left = daysBetween(this.today, p.apply.to);
              return html`<li><button class="btn" @click=${() => this.open(p.id)}>
                <span>${pick(lang, p.title)}</span>
                <span>${
                  left < 0
                    ? html`<span class="tag danger">${tr(lang, 'policies.closed')}</span>`
                    : closingSoon(p, this.today)
                      ? html`<span class="tag warn">${icons.clock}${tr(lang, 'policies.closingSoon', { n: left })}</span>`
                      : html`<span class="tag">${tr(lang, 'policies.deadline', { date: p.apply.to })}</span>`
                }</span></button></li>`;
            })}</ul>`
          : html`<p class="muted">${tr(lang, 'policies.calendar.none')}</p>`
      }
    </div>`;
  }

  private open(policyId: string) {
    this.dispatchEvent(
      new CustomEvent('xz-policy-open', { detail: { policyId }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-policy-calendar': XzPolicyCalendar;
  }
}
