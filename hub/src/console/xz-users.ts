/**
 * xz-users: hub users and their roles; an admin creates new ones, moves station staff to another
 * station and sets a station staff member's counter PIN (whether one is set is shown, never the
 * PIN). Events, slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, createUser, fetchCaseSettings, listUsers, setUserStation, type User } from './data/api.ts';
import { stationTime } from './data/station-time.ts';
import { consoleStyles } from './styles.ts';
import './xz-pin-form.ts';

const ROLES = [
  ['admin', '管理员 admin'],
  ['district-operator', '区运营 district operator'],
  ['department-handler', '承办部门 department handler'],
  ['station-staff', '站点人员 station staff'],
] as const;

const ROLE_WORDS: ReadonlyMap<string, string> = new Map(ROLES);

@customElement('xz-users')
export class XzUsers extends LitElement {
  static override styles = consoleStyles;

  @state() private error = '';
  @state() private message = '';
  /** The station staff member whose PIN form is open. */
  @state() private pinFor?: User;

  private readonly load = new Task(this, { task: (_args, { signal }) => listUsers(signal), args: () => [] });

  /** A handler's department by its name in the case settings (its id only if no longer listed). */
  private departmentName(id: string | undefined): string | undefined {
    if (id === undefined) return undefined;
    const d = (this.departments.value ?? []).find((x) => x.id === id);
    return d ? `${d.zh} ${d.en}` : id;
  }
  /** The departments a handler may belong to (the case settings' list). */
  private readonly departments = new Task(this, {
    task: async (_args, { signal }) =>
      (await fetchCaseSettings(signal).catch(() => undefined))?.departments ?? [],
    args: () => [],
  });

  private async create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = new FormData(form);
    const opt = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    this.error = '';
    this.message = '';
    try {
      const user = await createUser({
        username: String(f.get('username')).trim(),
        password: String(f.get('password')),
        roles: f.getAll('roles').map(String),
        displayName: opt('displayName'),
        stationId: opt('stationId'),
        department: opt('department'),
      });
      this.message = `已创建 Created ${user.username}`;
      form.reset();
      void this.load.run();
    } catch (error) {
      this.error =
        error instanceof ApiError && error.field
          ? `${error.field}: ${error.message}`
          : (error as Error).message;
    }
  }

  private async moveStation(user: User) {
    const stationId = window.prompt(`${user.username}: 新站点 New station`, user.stationId ?? '')?.trim();
    if (!stationId || stationId === user.stationId) return;
    this.error = '';
    this.message = '';
    try {
      await setUserStation(user.username, stationId);
      this.message = `${user.username}: 已调至 moved to ${stationId}`;
      void this.load.run();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    return html`
      <h1>用户 Users</h1>
      <form class="card" @submit=${this.create} aria-label="新建用户 New user">
        <div class="grid2">
          <div><label for="nu">用户名 User name</label><input id="nu" name="username" required autocomplete="off" /></div>
          <div><label for="np">初始密码 Initial password (≥ 8)</label><input id="np" name="password" type="password" minlength="8" required autocomplete="new-password" /></div>
          <div><label for="nd">显示名 Display name</label><input id="nd" name="displayName" /></div>
          <div><label for="ns">站点 Station (station staff)</label><input id="ns" name="stationId" /></div>
          <div><label for="ndep">部门 Department (handlers)</label><select id="ndep" name="department">
            <option value="">无 None</option>
            ${(this.departments.value ?? []).map((d) => html`<option value=${d.id}>${d.zh} ${d.en}</option>`)}
          </select></div>
        </div>
        <fieldset><legend>角色 Roles</legend>
          ${ROLES.map(([v, t]) => html`<label style="font-weight:normal"><input type="checkbox" name="roles" value=${v} style="width:auto" /> ${t}</label>`)}
        </fieldset>
        <p><button class="primary" type="submit">创建 Create</button></p>
        <div aria-live="polite">
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
          ${this.message ? html`<p class="ok">${this.message}</p>` : nothing}
        </div>
      </form>
      ${this.load.render({
        pending: () => html`<p aria-busy="true">加载中… Loading…</p>`,
        error: (e) => html`<p class="error">${(e as Error).message}</p>`,
        complete: (users) => html`<table>
          <thead><tr><th scope="col">用户名 User</th><th scope="col">角色 Roles</th><th scope="col">站点/部门 Station/department</th><th scope="col">创建 Created</th><th scope="col">状态 State</th><th scope="col">柜台 PIN Counter PIN</th></tr></thead>
          <tbody>${users.map(
            (
              u,
            ) => html`<tr data-user=${u.username}><td>${u.username}${u.displayName ? html`<div class="muted">${u.displayName}</div>` : nothing}</td>
              <td>${u.roles.map((r) => ROLE_WORDS.get(r) ?? r).join('，')}</td><td>${u.stationId ?? this.departmentName(u.department) ?? '—'}${
                u.roles.includes('station-staff')
                  ? html` <button type="button" @click=${() => this.moveStation(u)}>换站点 Move</button>`
                  : nothing
              }</td>
              <td>${stationTime(u.createdAt)}</td><td>${u.disabled ? '停用 disabled' : '启用 active'}</td>
              <td data-testid="pin-state">${
                u.roles.includes('station-staff')
                  ? html`${u.hasPin ? '已设置 Set' : '未设置 Not set'}
                      <button type="button" aria-expanded=${this.pinFor?.username === u.username ? 'true' : 'false'}
                        aria-label=${`设置 PIN Set the PIN: ${u.username}`}
                        @click=${() => {
                          this.pinFor = this.pinFor?.username === u.username ? undefined : u;
                        }}>设置 PIN Set the PIN</button>`
                  : '—'
              }</td></tr>`,
          )}</tbody></table>`,
      })}
      ${
        // Outside the table, so reading the users again keeps the form and its message.
        this.pinFor
          ? html`<section class="card" style="margin-top:1rem" aria-label=${`柜台 PIN Counter PIN: ${this.pinFor.username}`}>
              <h2>${this.pinFor.displayName ?? this.pinFor.username}（${this.pinFor.username}）· 柜台 PIN Counter PIN</h2>
              <xz-pin-form .username=${this.pinFor.username} .name=${this.pinFor.displayName ?? this.pinFor.username}
                @xz-pin-set=${() => void this.load.run()}></xz-pin-form>
            </section>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-users': XzUsers;
  }
}
