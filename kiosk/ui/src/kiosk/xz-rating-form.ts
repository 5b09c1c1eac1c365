/**
 * xz-rating-form: rate a service (好差评): queue number, five levels with text labels
 * (非常满意 … 非常不满意), the four indicators, an optional comment (phrases + text) and an
 * optional phone for a callback, both numbers typed on the built-in pad.
 * Slots: none. Events: `xz-rating-submit` {input} (the shell sends it), `xz-navigate`. CSS parts: none.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { langContext } from '../context.ts';
import { INDICATORS, type Indicator, type Lang, type RatingLevel } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import type { XzPhrasePicker } from '../design/xz-phrase-picker.ts';
import { tr, type UiKey } from '../i18n.ts';
import { errorText } from './format.ts';
import { fireIntent } from './intents.ts';
import { screenStyles } from './screen-styles.ts';
import { validPhone, validTicketNumber } from './validate.ts';

const LEVELS: RatingLevel[] = [5, 4, 3, 2, 1];
const PHRASES: UiKey[] = [
  'phrase.fast',
  'phrase.kind',
  'phrase.clear',
  'phrase.slow',
  'phrase.unclear',
  'phrase.attitude',
];

@customElement('xz-rating-form')
export class XzRatingForm extends LitElement {
  static override styles = [
    baseStyles,
    screenStyles,
    css`
      .cols {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: calc(var(--xz-gap) * 1.5);
        align-items: start;
      }
      .levels {
        display: grid;
        grid-template-columns: repeat(5, 1fr);
        gap: 8px;
      }
      .levels .btn {
        flex-direction: column;
        padding: 0.4em 0.2em;
        min-height: calc(var(--xz-target) * 1.6);
        font-size: var(--xz-fs-small);
      }
      .levels .n {
        font-size: var(--xz-fs-small);
        letter-spacing: -0.1em;
      }
      .ind {
        display: grid;
        grid-template-columns: 6em repeat(5, minmax(0, 1fr));
        gap: 6px;
        align-items: center;
      }
      .ind .btn {
        min-width: 0;
        padding: 0;
      }
      .done {
        text-align: center;
        align-items: center;
      }
      .done svg {
        width: 4em;
        height: 4em;
        color: var(--xz-c-green);
      }
      :host-context([data-elder]) .cols {
        grid-template-columns: 1fr;
      }
      @media (max-width: 900px) {
        .cols {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';

  @state() private ticket = '';
  @state() private level?: RatingLevel;
  @state() private indicators: Partial<Record<Indicator, RatingLevel>> = {};
  @state() private phone = '';
  @state() private active: 'ticket' | 'phone' = 'ticket';
  @state() private error?: string;
  @state() private busy = false;
  @state() private sent?: RatingLevel;

  @query('xz-phrase-picker') private comment?: XzPhrasePicker;

  private async submit() {
    const lang = this.uiLang;
    if (!validTicketNumber(this.ticket)) {
      this.error = tr(lang, 'rate.need.ticket');
      this.active = 'ticket';
      return;
    }
    if (!this.level) {
      this.error = tr(lang, 'rate.need.level');
      return;
    }
    if (this.phone && !validPhone(this.phone)) {
      this.error = tr(lang, 'req.need.phone');
      this.active = 'phone';
      return;
    }
    const all = INDICATORS.every((k) => this.indicators[k]);
    const comment = this.comment?.value.trim();
    this.busy = true;
    this.error = undefined;
    try {
      await fireIntent(this, 'xz-rating-submit', {
        input: {
          ticketNumber: this.ticket,
          level: this.level,
          ...(all ? { indicators: this.indicators as Record<Indicator, RatingLevel> } : {}),
          ...(comment ? { comment } : {}),
          ...(this.phone ? { phone: this.phone } : {}),
        },
      }).result;
      this.sent = this.level;
      this.phone = '';
      this.ticket = '';
    } catch (err) {
      this.error = errorText(lang, err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const lang = this.uiLang;
    if (this.sent) {
      return html`<xz-kiosk-header heading=${tr(lang, 'rate.title')}></xz-kiosk-header>
        <div class="card stack done" role="status">
          ${icons.check}<h2>${tr(lang, this.sent <= 2 ? 'rate.thanks.bad' : 'rate.thanks')}</h2>
          <button class="btn primary large" @click=${() => fireIntent(this, 'xz-navigate', { to: 'home' })}>${tr(lang, 'app.done')}</button>
        </div>`;
    }
    return html`
      <xz-kiosk-header heading=${tr(lang, 'rate.title')}></xz-kiosk-header>
      <div class="cols">
        <div class="stack">
          <xz-code-field mode="ticket" maxLength="4" label=${tr(lang, 'rate.ticket')} .value=${this.ticket}
            .active=${this.active === 'ticket'} @xz-activate=${() => (this.active = 'ticket')}
            @xz-value-change=${(e: CustomEvent<{ value: string }>) => (this.ticket = e.detail.value)}></xz-code-field>
          <xz-code-field mode="phone" maxLength="13" label=${tr(lang, 'rate.phone')} .value=${this.phone}
            .active=${this.active === 'phone'} @xz-activate=${() => (this.active = 'phone')}
            @xz-value-change=${(e: CustomEvent<{ value: string }>) => (this.phone = e.detail.value)}></xz-code-field>
        </div>
        <div class="stack">
          <h2 id="lv">${tr(lang, 'rate.level')}</h2>
          <div class="levels" role="group" aria-labelledby="lv">
            ${LEVELS.map(
              (
                l,
              ) => html`<button class="btn" data-level=${l} aria-pressed=${this.level === l ? 'true' : 'false'} @click=${() => (this.level = l)}>
                <span class="n" aria-hidden="true">${'★'.repeat(l)}</span><span>${tr(lang, `rate.level.${l}`)}</span></button>`,
            )}
          </div>
          <h3>${tr(lang, 'rate.indicators')}</h3>
          ${INDICATORS.map(
            (k) => html`<div class="ind" role="group" aria-label=${tr(lang, `rate.indicator.${k}`)}>
              <span>${tr(lang, `rate.indicator.${k}`)}</span>
              ${LEVELS.map(
                (
                  l,
                ) => html`<button class="btn" aria-label="${tr(lang, `rate.indicator.${k}`)} ${l} ${tr(lang, `rate.level.${l}`)}"
                  title=${tr(lang, `rate.level.${l}`)} aria-pressed=${this.indicators[k] === l ? 'true' : 'false'}
                  @click=${() => (this.indicators = { ...this.indicators, [k]: l })}>${l}</button>`,
              )}
            </div>`,
          )}
          <p class="muted">${LEVELS.map((l) => `${l} = ${tr(lang, `rate.level.${l}`)}`).join(' · ')}</p>
          <xz-phrase-picker label=${tr(lang, 'rate.comment')} textLabel=${tr(lang, 'phrase.custom')}
            .phrases=${PHRASES.map((k) => tr(lang, k))}></xz-phrase-picker>
        </div>
      </div>
      ${this.error ? html`<xz-banner kind="error">${this.error}</xz-banner>` : nothing}
      <div class="actions">
        <button class="btn primary large" ?disabled=${this.busy} @click=${this.submit}>${icons.check}${tr(lang, 'app.submit')}</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-rating-form': XzRatingForm;
  }
}
