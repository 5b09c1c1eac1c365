/**
 * xz-policy-detail: one policy's facts, its QR and a "print a policy slip" button.
 * Slots: none. Events: `xz-print-request` {policyId}, `xz-policy-close`. CSS parts: none.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { langContext } from '../context.ts';
import type { Lang, Policy } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr, type UiKey } from '../i18n.ts';
import { errorText } from './format.ts';
import { fireIntent } from './intents.ts';
import { closingSoon, daysBetween } from './policy-search.ts';

@customElement('xz-policy-detail')
export class XzPolicyDetail extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .layout {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: calc(var(--xz-gap) * 1.5);
      }
      dl {
        margin: 0;
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.4em 1em;
      }
      dt {
        font-weight: bold;
        color: var(--xz-c-muted);
      }
      dd {
        margin: 0;
      }
      .qr {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 0.4em;
        max-width: 280px;
        text-align: center;
        font-size: var(--xz-fs-small);
        --xz-qr-size: 240px;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
        dl {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';

  /** The policy shown. */
  @property({ attribute: false }) policy?: Policy;
  /** Station-local date 'YYYY-MM-DD'. */
  @property() today = '';

  @state() private printState: 'idle' | 'busy' | 'done' | { error: string } = 'idle';

  private async print() {
    if (!this.policy || this.printState === 'busy') return;
    this.printState = 'busy';
    try {
      await fireIntent(this, 'xz-print-request', { policyId: this.policy.id }).result;
      this.printState = 'done';
    } catch (err) {
      this.printState = { error: errorText(this.uiLang, err) };
    }
  }

  override render() {
    const p = this.policy;
    if (!p) return nothing;
    const lang = this.uiLang;
    const left = daysBetween(this.today, p.apply.to);
    const row = (key: UiKey, value: string) => html`<dt>${tr(lang, key)}</dt><dd>${value}</dd>`;
    return html`<article class="card stack">
      <div class="row">
        <button class="btn" data-action="policy-back" @click=${() => this.dispatchEvent(new CustomEvent('xz-policy-close', { bubbles: true, composed: true }))}>
          ${icons.back}${tr(lang, 'app.back')}</button>
        <h2 style="flex:1">${pick(lang, p.title)}</h2>
      </div>
      <div class="row">
        ${p.exemptApplication ? html`<span class="tag green">${icons.check}${tr(lang, 'policies.exempt')}</span>` : nothing}
        ${
          left < 0
            ? html`<span class="tag danger">${icons.closed}${tr(lang, 'policies.closed')}</span>`
            : closingSoon(p, this.today)
              ? html`<span class="tag warn">${icons.clock}${tr(lang, 'policies.closingSoon', { n: left })}</span>`
              : nothing
        }
      </div>
      <div class="layout">
        <div class="stack">
          <p>${pick(lang, p.summary)}</p>
          <dl>
            ${row('policies.detail.department', pick(lang, p.department))}
            ${row('policies.detail.beneficiaries', pick(lang, p.beneficiaries))}
            ${row('policies.detail.conditions', pick(lang, p.conditions))}
            ${row('policies.detail.benefit', pick(lang, p.benefit))}
            ${row('policies.detail.apply', `${p.apply.from} – ${p.apply.to}`)}
            ${row('policies.detail.where', pick(lang, p.apply.where))}
            ${row('policies.detail.phone', p.apply.phone)}
          </dl>
        </div>
        <div class="qr">
          ${p.url ? html`<xz-qr .value=${p.url} label=${tr(lang, 'policies.detail.qr')}></xz-qr><span>${tr(lang, 'policies.detail.qr')}</span>` : nothing}
          <button class="btn primary" ?disabled=${this.printState === 'busy'} @click=${this.print}>${icons.printer}${tr(lang, 'policies.print')}</button>
          ${this.printState === 'done' ? html`<xz-banner kind="ok">${tr(lang, 'policies.printed')}</xz-banner>` : nothing}
          ${typeof this.printState === 'object' ? html`<xz-banner kind="error">${this.printState.error}</xz-banner>` : nothing}
        </div>
      </div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-policy-detail': XzPolicyDetail;
  }
}
