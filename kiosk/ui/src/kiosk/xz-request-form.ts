/**
 * xz-request-form: file a request (诉求): category, description (phrases + text), optional
 * contact name, phone and optional credit code on the built-in pad; then a receipt with the
 * request number and a QR to follow it (一口进一口出).
 * Slots: none. Events: `xz-request-submit` {input} (the shell sends it), `xz-navigate`. CSS parts: none.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { langContext, stationContext } from '../context.ts';
import { ApiError } from '../data/http.ts';
import {
  type Lang,
  REQUEST_CATEGORIES,
  type RequestCategory,
  type RequestReceipt,
  type Station,
} from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import type { XzPhrasePicker } from '../design/xz-phrase-picker.ts';
import { tr, type UiKey } from '../i18n.ts';
import { errorText, stationDateTime } from './format.ts';
import { fireIntent } from './intents.ts';
import { screenStyles } from './screen-styles.ts';
import { creditCodeShape, validPhone } from './validate.ts';

const PHRASES: UiKey[] = [
  'req.phrase.loan',
  'req.phrase.permit',
  'req.phrase.policy',
  'req.phrase.site',
  'req.phrase.hire',
  'req.phrase.fees',
];
type Field = 'phone' | 'creditCode';

@customElement('xz-request-form')
export class XzRequestForm extends LitElement {
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
      .cats {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 8px;
      }
      input {
        width: 100%;
      }
      .receipt {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: var(--xz-gap);
        align-items: center;
        --xz-qr-size: 260px;
      }
      .number {
        font-size: calc(var(--xz-fs-title) * 1.3);
        font-weight: bold;
        letter-spacing: 0.03em;
      }
      :host-context([data-elder]) .cols {
        grid-template-columns: 1fr;
      }
      @media (max-width: 900px) {
        .cols,
        .receipt {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';
  @consume({ context: stationContext, subscribe: true }) private station?: Station;

  @state() private category?: RequestCategory;
  @state() private description = '';
  @state() private contactName = '';
  @state() private phone = '';
  @state() private creditCode = '';
  @state() private active: Field = 'phone';
  @state() private errors: Partial<Record<'category' | 'description' | Field | 'form', string>> = {};
  @state() private busy = false;
  @state() private receipt?: RequestReceipt;

  @query('xz-phrase-picker') private picker?: XzPhrasePicker;

  private async submit() {
    const lang = this.uiLang;
    const description = (this.picker?.value ?? this.description).trim();
    const errors: typeof this.errors = {};
    if (!this.category) errors.category = tr(lang, 'req.need.category');
    if (description.length < 5) errors.description = tr(lang, 'req.need.description');
    if (!validPhone(this.phone)) errors.phone = tr(lang, 'req.need.phone');
    if (this.creditCode && !creditCodeShape(this.creditCode)) {
      errors.creditCode = tr(
        lang,
        this.creditCode.length === 18 ? 'green.invalid.format' : 'green.invalid.length',
      );
    }
    this.errors = errors;
    if (Object.keys(errors).length || !this.category) return;
    this.busy = true;
    try {
      this.receipt = await fireIntent(this, 'xz-request-submit', {
        input: {
          category: this.category,
          description,
          phone: this.phone,
          ...(this.contactName.trim() ? { contactName: this.contactName.trim() } : {}),
          ...(this.creditCode ? { creditCode: this.creditCode } : {}),
        },
      }).result;
      this.phone = '';
      this.creditCode = '';
      this.contactName = '';
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      const key = field === 'phone' || field === 'creditCode' || field === 'description' ? field : 'form';
      this.errors = { [key]: errorText(lang, err) };
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const lang = this.uiLang;
    if (this.receipt) return this.renderReceipt(this.receipt);
    const err = (k: keyof typeof this.errors) =>
      this.errors[k] ? html`<xz-banner kind="error" data-field=${k}>${this.errors[k]}</xz-banner>` : nothing;
    return html`
      <xz-kiosk-header heading=${tr(lang, 'req.title')}></xz-kiosk-header>
      <div class="cols">
        <div class="stack">
          <h2 id="cat">${tr(lang, 'req.category')}</h2>
          <div class="cats" role="group" aria-labelledby="cat">
            ${REQUEST_CATEGORIES.map(
              (
                c,
              ) => html`<button class="btn" data-category=${c} aria-pressed=${this.category === c ? 'true' : 'false'}
                @click=${() => (this.category = c)}>${tr(lang, `req.category.${c}`)}</button>`,
            )}
          </div>
          ${err('category')}
          <xz-phrase-picker label=${tr(lang, 'req.description')} textLabel=${tr(lang, 'phrase.custom')} maxLength="2000"
            .phrases=${PHRASES.map((k) => tr(lang, k))}
            @xz-value-change=${(e: CustomEvent<{ value: string }>) => (this.description = e.detail.value)}></xz-phrase-picker>
          ${err('description')}
          <label for="name">${tr(lang, 'req.name')}</label>
          <input id="name" maxlength="32" inputmode="none" autocomplete="off" .value=${this.contactName}
            @input=${(e: Event) => (this.contactName = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="stack">
          <xz-code-field mode="phone" maxLength="13" label=${tr(lang, 'req.phone')} .value=${this.phone}
            .active=${this.active === 'phone'} ?invalid=${!!this.errors.phone} @xz-activate=${() => (this.active = 'phone')}
            @xz-value-change=${(e: CustomEvent<{ value: string }>) => (this.phone = e.detail.value)}></xz-code-field>
          ${err('phone')}
          <xz-code-field mode="code" maxLength="18" label=${tr(lang, 'req.creditCode')} .value=${this.creditCode}
            .active=${this.active === 'creditCode'} ?invalid=${!!this.errors.creditCode} @xz-activate=${() => (this.active = 'creditCode')}
            @xz-value-change=${(e: CustomEvent<{ value: string }>) => (this.creditCode = e.detail.value)}></xz-code-field>
          ${err('creditCode')}
        </div>
      </div>
      ${err('form')}
      <div class="actions">
        <button class="btn primary large" ?disabled=${this.busy} @click=${this.submit}>${icons.check}${tr(lang, 'app.submit')}</button>
      </div>
    `;
  }

  private renderReceipt(r: RequestReceipt) {
    const lang = this.uiLang;
    const time = stationDateTime(this.station?.timeZone ?? 'Asia/Shanghai', r.kioskAt);
    return html`<xz-kiosk-header heading=${tr(lang, 'req.title')}></xz-kiosk-header>
      <xz-banner kind="ok">${tr(lang, 'req.receipt')}</xz-banner>
      <div class="card receipt">
        <div class="stack">
          <span class="muted">${tr(lang, 'req.receipt.number')}</span>
          <span class="number" data-testid="request-number">${r.number}</span>
          <span class="muted">${tr(lang, 'req.receipt.time', { time })}</span>
        </div>
        <div class="stack" style="align-items:center">
          <xz-qr .value=${r.statusUrl} label=${tr(lang, 'req.receipt.qr')}></xz-qr>
          <span>${tr(lang, 'req.receipt.qr')}</span>
        </div>
      </div>
      <div class="actions">
        <button class="btn primary large" @click=${() => fireIntent(this, 'xz-navigate', { to: 'home' })}>${tr(lang, 'app.done')}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-request-form': XzRequestForm;
  }
}
