/**
 * xz-pin-form: sets a station staff member's counter PIN (6–12 digits, typed twice), by an admin
 * for anyone or by the staff member for themself. The PIN is checked as typed, the problem is
 * said beside its field, and the fields are emptied once the hub has it.
 * Events: `xz-pin-set` {user} after the hub saved the PIN. Slots, parts: none.
 */
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ApiError, setUserPin } from './data/api.ts';
import { say, type Words } from './data/case-words.ts';
import { checkPin, PIN_WORDS } from './data/pin.ts';
import { consoleStyles } from './styles.ts';

@customElement('xz-pin-form')
export class XzPinForm extends LitElement {
  static override styles = consoleStyles;

  /** The staff member's user name (their staff number at the counter). */
  @property() username = '';
  /** The name shown in the labels (display name, else the user name). */
  @property() name = '';
  /** The signed-in member sets their own PIN (labels say "my"). */
  @property({ type: Boolean, reflect: true }) self = false;

  @state() private problem?: { field: 'pin' | 'again' | 'form'; words: Words };
  @state() private done?: Words;
  @state() private busy = false;

  @query('input[name=pin]') private pinInput!: HTMLInputElement;
  @query('input[name=again]') private againInput!: HTMLInputElement;

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const pin = this.pinInput.value;
    const again = this.againInput.value;
    this.done = undefined;
    this.problem = checkPin(pin, again);
    if (this.problem) {
      await this.updateComplete;
      (this.problem.field === 'pin' ? this.pinInput : this.againInput).focus();
      return;
    }
    this.busy = true;
    try {
      const user = await setUserPin(this.username, pin);
      form.reset();
      this.done = PIN_WORDS.set(this.name || this.username);
      this.dispatchEvent(new CustomEvent('xz-pin-set', { detail: { user }, bubbles: true, composed: true }));
    } catch (error) {
      const e = error as Error;
      const words: Words =
        e instanceof ApiError && e.status === 400 && e.field === 'pin'
          ? PIN_WORDS.digits
          : e instanceof ApiError && e.status === 403
            ? PIN_WORDS.forbidden
            : e instanceof ApiError
              ? { zh: e.messageZh ?? e.message, en: e.message }
              : { zh: '无法连接服务器。', en: e.message };
      this.problem = { field: e instanceof ApiError && e.field === 'pin' ? 'pin' : 'form', words };
    } finally {
      this.busy = false;
    }
  }

  private field(name: 'pin' | 'again', label: string) {
    const id = `pin-${name}`; // ids are per shadow root
    const wrong = this.problem?.field === name;
    return html`<div>
      <label for=${id}>${label}</label>
      <input id=${id} name=${name} type="password" inputmode="numeric" autocomplete="new-password"
        maxlength="12" required aria-invalid=${wrong ? 'true' : 'false'}
        aria-describedby=${wrong ? `${id}-error` : nothing} />
      ${wrong && this.problem ? html`<p class="error" id=${`${id}-error`} data-error-for=${name}>${say(this.problem.words)}</p>` : nothing}
    </div>`;
  }

  override render() {
    const who = this.name || this.username;
    const pinLabel = this.self ? '新 PIN New PIN' : `${who} 的新 PIN New PIN for ${who}`;
    return html`<form @submit=${this.submit} novalidate
        aria-label=${this.self ? '设置我的柜台 PIN Set my counter PIN' : `设置柜台 PIN Set the counter PIN: ${who}`}>
      <div class="grid2">
        ${this.field('pin', `${pinLabel}（6–12 位数字 6–12 digits）`)}
        ${this.field('again', '再次输入 PIN Type the PIN again')}
      </div>
      <p><button class="primary" type="submit" ?disabled=${this.busy}>${this.self ? '设置我的 PIN Set my PIN' : '设置 PIN Set the PIN'}</button></p>
      <div aria-live="polite">
        ${this.problem?.field === 'form' ? html`<p class="error" role="alert">${say(this.problem.words)}</p>` : nothing}
        ${this.done ? html`<p class="ok" role="status">${say(this.done)}</p>` : nothing}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-pin-form': XzPinForm;
  }
}
