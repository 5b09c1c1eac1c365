/**
 * xz-green-channel: recognition without asking (无感导服). The citizen types or scans a resident
 * ID number (digits + X) or a unified social credit code (letters: compact alphanumeric pad),
 * or declares a group. The agent validates and matches; invalid input is explained with its
 * reason. The raw number is dropped from this screen once it has been handed on.
 * Slots: none. Events: `xz-green-pass` {pass} (then the shell asks for a service),
 * `xz-navigate`. CSS parts: none.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { langContext, stationContext } from '../context.ts';
import { ApiError } from '../data/http.ts';
import { checkGreen } from '../data/tickets.ts';
import type { GreenGrant, Lang, Station } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr, type UiKey } from '../i18n.ts';
import { errorText } from './format.ts';
import { fireIntent } from './intents.ts';
import { screenStyles } from './screen-styles.ts';

type Tab = 'id' | 'code' | 'declare';
type Outcome =
  | { kind: 'none' }
  | { kind: 'checking' }
  | { kind: 'invalid'; message: string }
  | { kind: 'match'; grant: GreenGrant }
  | { kind: 'no-match' };

const REASONS = ['length', 'format', 'birth-date', 'check-digit'] as const;

/** Which tab a scanned or typed 18-character value belongs to. */
export function guessTab(value: string): 'id' | 'code' {
  return /^\d{17}[\dX]$/.test(value) ? 'id' : 'code';
}

@customElement('xz-green-channel')
export class XzGreenChannel extends LitElement {
  static override styles = [
    baseStyles,
    screenStyles,
    css`
      .tabs {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
      }
      .body {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: calc(var(--xz-gap) * 1.5);
        align-items: start;
      }
      .groups {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 320px), 1fr));
        gap: var(--xz-gap);
      }
      .groups .btn {
        justify-content: flex-start;
        text-align: left;
        min-height: calc(var(--xz-target) * 1.4);
      }
      .result h2 {
        display: flex;
        gap: 0.4em;
        align-items: center;
        color: var(--xz-c-green);
      }
      .result h2 svg {
        width: 1.3em;
        height: 1.3em;
      }
      :host-context([data-elder]) .body {
        grid-template-columns: 1fr;
      }
      @media (max-width: 900px) {
        .body {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';
  @consume({ context: stationContext, subscribe: true }) private station?: Station;

  /** A value scanned on the home screen, checked at once. */
  @property({ attribute: false }) scanned?: string;

  @state() private tab: Tab = 'id';
  @state() private value = '';
  @state() private outcome: Outcome = { kind: 'none' };

  override firstUpdated(): void {
    if (this.scanned) {
      const v = this.scanned.toUpperCase();
      this.scanned = undefined;
      this.tab = guessTab(v);
      this.value = v;
      void this.check();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.value = '';
  }

  private setTab(tab: Tab) {
    this.tab = tab;
    this.value = '';
    this.outcome = { kind: 'none' };
  }

  private async check() {
    const value = this.value;
    if (!value || this.outcome.kind === 'checking') return;
    this.outcome = { kind: 'checking' };
    try {
      const res = await checkGreen(this.tab === 'id' ? { idNumber: value } : { creditCode: value });
      this.outcome = res.grant ? { kind: 'match', grant: res.grant } : { kind: 'no-match' };
      if (!res.grant) this.value = '';
    } catch (err) {
      const reason = err instanceof ApiError ? err.reason : undefined;
      const known = REASONS.find((r) => r === reason);
      this.outcome = {
        kind: 'invalid',
        message: known
          ? tr(this.uiLang, `green.invalid.${known}` as UiKey)
          : tr(this.uiLang, 'green.invalid.other', { message: errorText(this.uiLang, err) }),
      };
    }
  }

  private proceed(grant: GreenGrant) {
    const number = this.value;
    this.value = '';
    this.outcome = { kind: 'none' };
    fireIntent(this, 'xz-green-pass', {
      pass: {
        grant,
        reason: grant.name,
        ...(this.tab === 'id' ? { idNumber: number } : { creditCode: number }),
      },
    });
  }

  override render() {
    const lang = this.uiLang;
    const tabs: Tab[] = ['id', 'code', 'declare'];
    return html`
      <xz-kiosk-header heading=${tr(lang, 'green.title')}></xz-kiosk-header>
      <p>${tr(lang, 'green.intro')}</p>
      <div class="tabs" role="group" aria-label=${tr(lang, 'green.title')}>
        ${tabs.map(
          (t) =>
            html`<button class="btn" data-tab=${t} aria-pressed=${this.tab === t ? 'true' : 'false'} @click=${() => this.setTab(t)}>${tr(lang, `green.tab.${t}`)}</button>`,
        )}
      </div>
      ${this.tab === 'declare' ? this.renderDeclare() : this.renderCode()}
    `;
  }

  private renderCode() {
    const lang = this.uiLang;
    const o = this.outcome;
    return html`<div class="body">
      <xz-code-field
        mode=${this.tab === 'id' ? 'id' : 'code'}
        label=${tr(lang, this.tab === 'id' ? 'green.id.label' : 'green.code.label')}
        .value=${this.value}
        maxLength="18"
        submittable
        ?invalid=${o.kind === 'invalid'}
        @xz-value-change=${(e: CustomEvent<{ value: string }>) => {
          this.value = e.detail.value;
          if (this.outcome.kind !== 'checking') this.outcome = { kind: 'none' };
        }}
        @xz-submit=${() => this.check()}></xz-code-field>
      <div class="stack result">
        <p class="muted">${icons.qr} ${tr(lang, 'green.scan')}</p>
        <p class="muted">${tr(lang, 'green.privacy')}</p>
        ${o.kind === 'checking' ? html`<xz-banner kind="info">${tr(lang, 'green.checking')}</xz-banner>` : nothing}
        ${o.kind === 'invalid' ? html`<xz-banner kind="error" data-testid="green-invalid">${o.message}</xz-banner>` : nothing}
        ${
          o.kind === 'no-match'
            ? html`<xz-banner kind="info">${tr(lang, 'green.nomatch')}</xz-banner>
              <button class="btn primary large" @click=${() => fireIntent(this, 'xz-navigate', { to: 'services' })}>${icons.ticket}${tr(lang, 'green.take.normal')}</button>`
            : nothing
        }
        ${
          o.kind === 'match'
            ? html`<div class="card stack" data-testid="green-match">
                <h2>${icons.green}${tr(lang, 'green.match')}</h2>
                <p><strong>${tr(lang, 'green.match.reason', { name: pick(lang, o.grant.name) })}</strong></p>
                ${o.grant.needsConfirmation ? html`<p>${tr(lang, 'green.match.confirm')}</p>` : nothing}
                <button class="btn green large" @click=${() => this.proceed(o.grant)}>${tr(lang, 'app.next')}</button>
              </div>`
            : nothing
        }
      </div>
    </div>`;
  }

  private renderDeclare() {
    const lang = this.uiLang;
    const groups = (this.station?.groups ?? []).filter((g) => g.declarable);
    return html`<p>${tr(lang, 'green.declare.intro')}</p>
      <div class="groups">
        ${groups.map(
          (g) => html`<button class="btn large" data-group=${g.id}
              @click=${() => fireIntent(this, 'xz-green-pass', { pass: { declaredGroup: g.id, reason: g.name } })}>
            ${icons.green}${pick(lang, g.name)}</button>`,
        )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-green-channel': XzGreenChannel;
  }
}
