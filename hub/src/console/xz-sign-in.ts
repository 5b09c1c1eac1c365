/**
 * xz-sign-in: the operator sign-in form.
 * Events: `xz-signed-in` {operator} once the hub accepted the credentials. Slots, parts: none.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, signIn } from './data/api.ts';
import { consoleStyles } from './styles.ts';

@customElement('xz-sign-in')
export class XzSignIn extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      form { max-width: 22rem; margin: 4rem auto; }
    `,
  ];

  @state() private error = '';
  @state() private busy = false;

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      const { operator } = await signIn(String(form.get('username')), String(form.get('password')));
      this.dispatchEvent(
        new CustomEvent('xz-signed-in', { detail: { operator }, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.error =
        error instanceof ApiError
          ? error.status === 429
            ? '尝试次数过多，请一分钟后再试。Too many attempts; try again in a minute.'
            : '用户名或密码错误。Wrong user name or password.'
          : '无法连接服务器。The hub cannot be reached.';
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form class="card" @submit=${this.submit} aria-labelledby="t">
      <h1 id="t">运营控制台登录 · Operator sign-in</h1>
      <label for="u">用户名 User name</label>
      <input id="u" name="username" autocomplete="username" required />
      <label for="p">密码 Password</label>
      <input id="p" name="password" type="password" autocomplete="current-password" required />
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p><button class="primary" type="submit" ?disabled=${this.busy}>登录 Sign in</button></p>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-sign-in': XzSignIn;
  }
}
