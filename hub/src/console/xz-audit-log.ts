/**
 * xz-audit-log: the newest audit entries (who, what, when, on what, before → after), filterable
 * by target id. Events, slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { listAudit, listPolicies } from './data/api.ts';
import { ACTION_WORDS as CASE_ACTION_WORDS } from './data/case-words.ts';
import { groupName } from './data/service-names.ts';
import { stationTime } from './data/station-time.ts';
import { consoleStyles } from './styles.ts';
import { STATUS_TEXT } from './xz-policy-list.ts';

/** Audit actions in words (the stable action code stays in the row's data-action). */
export const ACTION_WORDS: Record<string, string> = {
  'auth.sign-in': '登录 Sign-in',
  'auth.sign-in-failed': '登录失败 Failed sign-in',
  'auth.sign-out': '退出 Sign-out',
  'calendar.save': '保存工作日历 Calendar saved',
  'case.settings': '修改办件设置 Case settings changed',
  // Each action on a case (`case.reply`, `case.resolve`…), in the cases desk's words.
  ...Object.fromEntries(
    Object.entries(CASE_ACTION_WORDS).map(([action, w]) => [`case.${action}`, `${w.zh} ${w.en}`]),
  ),
  'green-list.publish': '发布绿色通道名单 Green-channel list published',
  'kiosk.enrolment-code': '生成注册码 Enrolment code issued',
  'kiosk.revoke': '吊销终端 Kiosk revoked',
  'policy.create': '新建政策 Policy created',
  'policy.save': '保存政策 Policy saved',
  'policy.submit': '提交审核 Submitted for review',
  'policy.approve': '审核通过 Approved',
  'policy.reject': '退回 Rejected',
  'policy.schedule': '定时发布 Scheduled',
  'policy.unschedule': '取消定时 Unscheduled',
  'policy.publish': '发布 Published',
  'policy.withdraw': '撤回 Withdrawn',
  'policy.expire': '到期下架 Expired',
  'policy.rollback': '回滚 Rolled back',
  'policy.seed': '导入示例政策 Demo policy loaded',
  'policy.tags': '修改政策词典 Policy dictionary changed',
  'report.board-settings': '修改报表看板 Report board changed',
  'station.config': '修改站点配置 Station configuration changed',
  'user.create': '新建用户 User created',
  'user.station': '调整所属站点 Staff station changed',
  'user.pin.set': '设置PIN PIN set',
  'user.pin.remove': '删除PIN PIN removed',
  approve: '审核通过 Approved',
  publish: '发布 Published',
  reject: '退回 Rejected',
  rollback: '回滚 Rolled back',
  schedule: '定时发布 Scheduled',
  submit: '提交审核 Submitted for review',
  unschedule: '取消定时 Unscheduled',
  withdraw: '撤回 Withdrawn',
};

const KIND_WORDS: Record<string, string> = {
  user: '用户 User',
  station: '站点 Station',
  case: '办件 Case',
  calendar: '日历 Calendar',
  'green-list': '绿色通道名单 Green-channel list',
  'case-settings': '办件设置 Case settings',
  'board-settings': '报表看板 Report board',
  session: '会话 Session',
};

const brief = (v: Record<string, unknown> | undefined) =>
  v === undefined
    ? ''
    : Object.entries(v)
        .map(([k, x]) => {
          // A workflow state reads as words, as it does on the policy pages.
          const words =
            k === 'status' && typeof x === 'string' ? (STATUS_TEXT as Record<string, string>)[x] : undefined;
          return `${k}=${words ?? (typeof x === 'string' ? x : JSON.stringify(x))}`;
        })
        .join(' ');

@customElement('xz-audit-log')
export class XzAuditLog extends LitElement {
  static override styles = consoleStyles;

  @state() private targetId = '';

  private readonly load = new Task(this, {
    task: ([targetId], { signal }) => listAudit({ targetId, limit: 200 }, signal),
    args: () => [this.targetId] as const,
  });

  /** Policy titles, so an entry names the policy rather than its key. */
  private readonly titles = new Task(this, {
    task: async (_args, { signal }) =>
      new Map((await listPolicies(signal).catch(() => [])).map((p) => [p.policyId, p.title.zh])),
    args: () => [],
  });

  private target(kind: string, id: string) {
    if (kind === 'policy') {
      const title = id === 'policy-tags' ? '政策词典 Policy dictionary' : this.titles.value?.get(id);
      return html`政策 Policy: ${title ?? '（已删除）(removed)'}`;
    }
    if (kind === 'green-list') return `${KIND_WORDS[kind]}: ${groupName(id)?.zh ?? id}`;
    return `${KIND_WORDS[kind] ?? kind}: ${id}`;
  }

  override render() {
    return html`
      <h1>审计日志 Audit log</h1>
      <form class="row card" @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        this.targetId = String(new FormData(e.target as HTMLFormElement).get('target') ?? '').trim();
      }}>
        <label for="target" style="margin:0">对象 Target id</label>
        <input id="target" name="target" style="max-width:18rem" .value=${this.targetId} />
        <button type="submit">筛选 Filter</button>
      </form>
      ${this.load.render({
        pending: () => html`<p aria-busy="true">加载中… Loading…</p>`,
        error: (e) => html`<p class="error" role="alert">${(e as Error).message}</p>`,
        complete: (entries) =>
          entries.length === 0
            ? html`<p>没有记录 No entries.</p>`
            : html`<table>
                <thead><tr><th scope="col">时间 When</th><th scope="col">操作人 Who</th><th scope="col">操作 What</th>
                  <th scope="col">对象 Target</th><th scope="col">变更 Before → after</th></tr></thead>
                <tbody>${entries.map(
                  (e) => html`<tr data-action=${e.action}>
                    <td>${stationTime(e.at)}</td>
                    <td>${e.actor.id}${e.ip ? html`<div class="muted">${e.ip}</div>` : nothing}</td>
                    <td><span class="status">${ACTION_WORDS[e.action] ?? '其他操作 Other action'}</span></td>
                    <td data-target=${e.target.id}>${this.target(e.target.kind, e.target.id)}</td>
                    <td>${brief(e.before)}${e.before && e.after ? ' → ' : ''}${brief(e.after)}
                      ${e.note ? html`<div class="muted">${e.note}</div>` : nothing}</td>
                  </tr>`,
                )}</tbody>
              </table>`,
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-audit-log': XzAuditLog;
  }
}
