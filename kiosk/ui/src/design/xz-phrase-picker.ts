/**
 * xz-phrase-picker: text entry for a touch screen: tap common phrases (toggle buttons) and
 * optionally type more in a text field (the kiosk's on-screen keyboard opens for it). The value
 * joins both with "；".
 * Slots: none. Events: `xz-value-change` {value}. CSS parts: `phrases`, `text`.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { baseStyles } from './styles.ts';

@customElement('xz-phrase-picker')
export class XzPhrasePicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .phrases {
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        margin: 0.3em 0 var(--xz-gap);
      }
      textarea {
        width: 100%;
        min-height: calc(var(--xz-target) * 1.4);
        resize: none;
      }
      .label {
        display: block;
      }
    `,
  ];

  /** Visible label of the group, also its accessible name. */
  @property() label = '';
  /** Label of the free-text field. */
  @property() textLabel = '';
  /** The phrases to offer, already in the display language. */
  @property({ attribute: false }) phrases: string[] = [];
  /** Maximum length of the whole value. */
  @property({ type: Number }) maxLength = 500;

  @state() private chosen: string[] = [];
  @state() private text = '';

  /** The combined value: chosen phrases then the typed text. */
  get value(): string {
    return [...this.chosen, this.text.trim()].filter(Boolean).join('；');
  }

  private toggle(p: string) {
    this.chosen = this.chosen.includes(p) ? this.chosen.filter((x) => x !== p) : [...this.chosen, p];
    this.changed();
  }

  private changed() {
    this.dispatchEvent(
      new CustomEvent('xz-value-change', { detail: { value: this.value }, bubbles: true, composed: true }),
    );
  }

  override render() {
    return html`<span class="label" id="l">${this.label}</span>
      <div part="phrases" class="phrases" role="group" aria-labelledby="l">
        ${this.phrases.map(
          (p) =>
            html`<button class="btn" aria-pressed=${this.chosen.includes(p) ? 'true' : 'false'} @click=${() => this.toggle(p)}>${p}</button>`,
        )}
      </div>
      <label class="label" for="t">${this.textLabel}</label>
      <textarea part="text" id="t" maxlength=${this.maxLength} inputmode="none" .value=${this.text}
        @input=${(e: Event) => {
          this.text = (e.target as HTMLTextAreaElement).value;
          this.changed();
        }}></textarea>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-phrase-picker': XzPhrasePicker;
  }
}
