/**
 * xz-policy-editor: one policy: every SPEC §6 field in Chinese and English, targets, the workflow
 * buttons the signed-in operator may use now, versions, and a field-level diff between versions.
 * Properties: `policyId` (absent: a new policy). Events: `xz-navigate` {path}. Slots, parts: none.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  ApiError,
  createPolicy,
  type Diff,
  diffPolicy,
  fetchPolicyTags,
  getPolicy,
  type PolicyAction,
  type PolicyContent,
  type PolicyDetail,
  type PolicyDictionary,
  type PolicyTargets,
  runPolicyAction,
  savePolicy,
} from './data/api.ts';
import { stationInputTime, stationTime } from './data/station-time.ts';
import { consoleStyles } from './styles.ts';
import { DEADLINE_TEXT, STATUS_TEXT } from './xz-policy-list.ts';
import { GROUP_TEXT } from './xz-policy-tags.ts';

type LocalisedKey =
  | 'title'
  | 'summary'
  | 'department'
  | 'beneficiaries'
  | 'conditions'
  | 'benefit'
  | 'fullText';
const LOCALISED: Array<[LocalisedKey, string, 'input' | 'textarea']> = [
  ['title', '标题 Title', 'input'],
  ['summary', '摘要 Summary', 'textarea'],
  ['department', '发布部门 Issuing department', 'input'],
  ['beneficiaries', '惠及对象 Who benefits', 'textarea'],
  ['conditions', '申报条件 Eligibility conditions', 'textarea'],
  ['benefit', '扶持内容和金额 Benefit and amount', 'textarea'],
  ['fullText', '政策全文 Full text (optional)', 'textarea'],
];

const LEVELS = [
  ['national', '国家级 national'],
  ['provincial', '省级 provincial'],
  ['municipal', '市级 municipal'],
  ['district', '区级 district'],
] as const;

/** Command type → route action and button label. */
const ACTIONS: Record<string, { action: PolicyAction; label: string; kind?: 'primary' | 'danger' }> = {
  SubmitPolicy: { action: 'submit', label: '提交审核 Submit for review', kind: 'primary' },
  ApprovePolicy: { action: 'approve', label: '审核通过 Approve', kind: 'primary' },
  RejectPolicy: { action: 'reject', label: '退回修改 Return for changes' },
  SchedulePolicy: { action: 'schedule', label: '定时发布 Schedule' },
  UnschedulePolicy: { action: 'unschedule', label: '取消定时 Unschedule' },
  PublishPolicy: { action: 'publish', label: '立即发布 Publish now', kind: 'primary' },
  WithdrawPolicy: { action: 'withdraw', label: '撤回 Withdraw', kind: 'danger' },
  RollbackPolicy: { action: 'rollback', label: '回滚到上一版本 Roll back', kind: 'danger' },
};

const list = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/[\s,，]+/)
    .map((s) => s.trim())
    .filter(Boolean);

@customElement('xz-policy-editor')
export class XzPolicyEditor extends LitElement {
  static override styles = consoleStyles;

  /** Policy id to edit; empty for a new policy. */
  @property() policyId = '';

  @state() private policy?: PolicyDetail;
  @state() private error?: ApiError | Error;
  @state() private message = '';
  @state() private busy = false;
  @state() private diff?: Diff;
  @state() private loading = false;
  /** The policy dictionary, for the tag choices. */
  @state() private dictionary?: PolicyDictionary;

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('policyId')) void this.reload();
  }

  override connectedCallback() {
    super.connectedCallback();
    fetchPolicyTags().then(
      (d) => (this.dictionary = d),
      (error) => (this.error = error as Error),
    );
  }

  private async reload() {
    this.policy = undefined;
    this.diff = undefined;
    this.error = undefined;
    this.message = '';
    if (!this.policyId) return;
    this.loading = true;
    try {
      this.policy = await getPolicy(this.policyId);
    } catch (error) {
      this.error = error as Error;
    } finally {
      this.loading = false;
    }
  }

  private readForm(form: HTMLFormElement): { content: PolicyContent; targets: PolicyTargets } {
    const f = new FormData(form);
    const get = (name: string) => String(f.get(name) ?? '').trim();
    const loc = (key: string) => ({ zh: get(`${key}.zh`), en: get(`${key}.en`) });
    const content: Record<string, unknown> = {
      id: this.policy?.policyId ?? get('id'),
      level: get('level'),
      department: loc('department'),
      title: loc('title'),
      summary: loc('summary'),
      beneficiaries: loc('beneficiaries'),
      conditions: loc('conditions'),
      benefit: loc('benefit'),
      apply: {
        from: get('apply.from'),
        to: get('apply.to'),
        where: loc('apply.where'),
        phone: get('apply.phone'),
      },
      tags: f.getAll('tags').map(String),
      exemptApplication: f.get('exemptApplication') === 'on',
      signedAt: get('signedAt'),
      effectiveFrom: get('effectiveFrom'),
      expiresAt: get('expiresAt'),
    };
    const full = loc('fullText');
    if (full.zh || full.en) content.fullText = full;
    if (get('sourceUrl')) content.sourceUrl = get('sourceUrl');
    return {
      content: content as PolicyContent,
      targets: { districts: list(f.get('targets.districts')), stations: list(f.get('targets.stations')) },
    };
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const { content, targets } = this.readForm(event.target as HTMLFormElement);
    await this.act(async () => {
      if (this.policy) return savePolicy(this.policy.policyId, content, targets, this.policy.rev);
      const created = await createPolicy(content, targets);
      this.dispatchEvent(
        new CustomEvent('xz-navigate', {
          detail: { path: `#/policies/${encodeURIComponent(created.policyId)}` },
          bubbles: true,
          composed: true,
        }),
      );
      return created;
    }, '已保存 Saved');
  }

  private async act(work: () => Promise<PolicyDetail>, done: string) {
    this.busy = true;
    this.error = undefined;
    this.message = '';
    try {
      this.policy = await work();
      this.message = done;
      this.diff = undefined;
    } catch (error) {
      this.error = error as Error;
      const field = error instanceof ApiError ? error.field?.replace(/^content\./, '') : undefined;
      if (field) {
        await this.updateComplete;
        const el = this.renderRoot.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`);
        el?.setAttribute('aria-invalid', 'true');
        el?.focus();
      }
    } finally {
      this.busy = false;
    }
  }

  private runCommand(type: string) {
    const spec = ACTIONS[type];
    const policy = this.policy;
    if (!spec || !policy) return;
    const note = this.renderRoot.querySelector<HTMLTextAreaElement>('#note')?.value.trim() ?? '';
    const when = this.renderRoot.querySelector<HTMLInputElement>('#schedule-at')?.value ?? '';
    let body: { note?: string; at?: string } | undefined;
    if (spec.action === 'reject') {
      if (!note) {
        this.error = new Error('请填写退回意见。Write a note for the author.');
        return;
      }
      body = { note };
    } else if (spec.action === 'approve') {
      body = note ? { note } : {};
    } else if (spec.action === 'schedule') {
      const at = stationInputTime(when);
      if (at === undefined) {
        this.error = new Error('请选择发布时间。Choose when to publish.');
        return;
      }
      body = { at: new Date(at).toISOString() };
    }
    if (
      (spec.action === 'withdraw' || spec.action === 'rollback') &&
      !window.confirm(`${spec.label}: ${policy.title.zh}?`)
    )
      return;
    void this.act(() => runPolicyAction(policy.policyId, spec.action, body), `${spec.label} ✓`);
  }

  private async showDiff(event: SubmitEvent) {
    event.preventDefault();
    if (!this.policy) return;
    const f = new FormData(event.target as HTMLFormElement);
    const ref = (v: FormDataEntryValue | null) => (v === 'working' ? 'working' : Number(v));
    try {
      this.diff = await diffPolicy(this.policy.policyId, ref(f.get('from')), ref(f.get('to')));
    } catch (error) {
      this.error = error as Error;
    }
  }

  private field(
    name: string,
    label: string,
    value: string,
    kind: 'input' | 'textarea' | 'date' = 'input',
    required = true,
  ) {
    const id = `f-${name.replace(/\./g, '-')}`;
    return html`<div>
      <label for=${id}>${label}</label>
      ${
        kind === 'textarea'
          ? html`<textarea id=${id} name=${name} ?required=${required} .value=${value}></textarea>`
          : html`<input id=${id} name=${name} type=${kind === 'date' ? 'date' : 'text'} ?required=${required} .value=${value} />`
      }
    </div>`;
  }

  private renderForm(c: Partial<PolicyContent>, targets: PolicyTargets) {
    const loc = (k: LocalisedKey) => (c as Record<string, { zh: string; en: string } | undefined>)[k];
    return html`<form class="card" @submit=${this.save} aria-label="政策内容 Policy content">
      ${this.policy ? nothing : this.field('id', '政策编号 Policy id (a-z, 0-9, -)', '')}
      <label for="f-level">层级 Level</label>
      <select id="f-level" name="level">
        ${LEVELS.map(([v, text]) => html`<option value=${v} ?selected=${c.level === v}>${text}</option>`)}
      </select>
      ${LOCALISED.map(
        ([key, label, kind]) => html`<div class="grid2">
          ${this.field(`${key}.zh`, `${label} · 中文`, loc(key)?.zh ?? '', kind, key !== 'fullText')}
          ${this.field(`${key}.en`, `${label} · English`, loc(key)?.en ?? '', kind, key !== 'fullText')}
        </div>`,
      )}
      <h2>申报 Application</h2>
      <div class="grid2">
        ${this.field('apply.from', '申报开始 Opens', c.apply?.from ?? '', 'date')}
        ${this.field('apply.to', '申报截止 Closes', c.apply?.to ?? '', 'date')}
        ${this.field('apply.where.zh', '办理地点 · 中文', c.apply?.where.zh ?? '')}
        ${this.field('apply.where.en', 'Where to apply · English', c.apply?.where.en ?? '')}
        ${this.field('apply.phone', '咨询电话 Contact phone', c.apply?.phone ?? '')}
        ${this.field('sourceUrl', '政策原文链接 Source link (optional)', c.sourceUrl ?? '', 'input', false)}
      </div>
      <h2>日期与标签 Dates and tags</h2>
      <div class="grid2">
        ${this.field('signedAt', '签发日期 Signed on', c.signedAt ?? '', 'date')}
        ${this.field('effectiveFrom', '生效日期 Effective from', c.effectiveFrom ?? '', 'date')}
        ${this.field('expiresAt', '失效日期 Expires on', c.expiresAt ?? '', 'date')}
      </div>
      ${this.renderTags(c.tags ?? [])}
      <p><label><input type="checkbox" name="exemptApplication" style="width:auto" ?checked=${c.exemptApplication === true} /> 免申即享 Granted without application</label></p>
      <h2>发布范围 Targets (both empty = every station)</h2>
      <div class="grid2">
        ${this.field('targets.districts', '区域 Districts (comma-separated)', targets.districts.join(', '), 'input', false)}
        ${this.field('targets.stations', '站点 Stations (comma-separated)', targets.stations.join(', '), 'input', false)}
      </div>
      <p><button class="primary" type="submit" ?disabled=${this.busy}>保存草稿 Save draft</button>
        ${this.policy && this.policy.status !== 'draft' ? html`<span class="muted">保存后回到草稿，需重新审核 Saving returns the policy to draft for review.</span>` : nothing}</p>
    </form>`;
  }

  /** Tags from the policy dictionary, by group, shown by their names. */
  private renderTags(chosen: readonly string[]) {
    const tags = this.dictionary?.tags ?? [];
    const groups = Object.keys(GROUP_TEXT) as (keyof typeof GROUP_TEXT)[];
    return html`<fieldset class="tags"><legend>标签 Tags (from the policy dictionary below the policy list)</legend>
      ${groups.map(
        (g) => html`<div class="row"><span class="muted">${GROUP_TEXT[g]}</span>
          ${tags
            .filter((t) => t.group === g)
            .map(
              (t) => html`<label style="display:inline-flex;gap:0.3em;font-weight:normal;margin:0">
                <input type="checkbox" name="tags" value=${t.id} style="width:auto" ?checked=${chosen.includes(t.id)} />
                ${t.label.zh} ${t.label.en}</label>`,
            )}</div>`,
      )}
      ${chosen
        .filter((id) => !tags.some((t) => t.id === id))
        .map(
          (id) => html`<p class="error">不在词典中的标签 Tag missing from the dictionary:
            <label style="display:inline;font-weight:normal"><input type="checkbox" name="tags" value=${id} style="width:auto" checked />
            ${id.replace(/-/g, ' ')}</label></p>`,
        )}
    </fieldset>`;
  }

  private renderWorkflow(p: PolicyDetail) {
    const commands = p.commands.filter((c) => ACTIONS[c]);
    return html`<section class="card" aria-label="流程 Workflow">
      <div class="row">
        <span>状态 Status: <span class="status" data-testid="status" data-status=${p.status}>${STATUS_TEXT[p.status]}</span></span>
        <span>版本 Version: <strong data-testid="version">${p.version > 0 ? `v${p.version}` : '—'}</strong></span>
        <span>${p.live ? '站点展示中 on stations' : '未在站点展示 not on stations'}</span>
        <span class="light ${p.deadline.state}">${DEADLINE_TEXT[p.deadline.state]}${p.deadline.dueDay ? ` (≤ ${p.deadline.dueDay})` : ''}</span>
        ${p.scheduledAt ? html`<span>定时 Scheduled: ${stationTime(p.scheduledAt)}</span>` : nothing}
      </div>
      ${p.reviewNote ? html`<p>审核意见 Review note: ${p.reviewNote}</p>` : nothing}
      ${p.workflow.submittedBy ? html`<p class="muted">提交 submitted by ${p.workflow.submittedBy}${p.workflow.approvedBy ? `, 审核 approved by ${p.workflow.approvedBy}` : ''}</p>` : nothing}
      ${
        commands.some((c) => c === 'ApprovePolicy' || c === 'RejectPolicy')
          ? html`<label for="note">审核意见 Review note</label><textarea id="note"></textarea>`
          : nothing
      }
      ${
        commands.includes('SchedulePolicy')
          ? html`<label for="schedule-at">定时发布时间（北京时间）Publish at (Beijing time)</label><input id="schedule-at" type="datetime-local" style="max-width:16rem" />`
          : nothing
      }
      <div class="row" style="margin-top:0.6rem">
        ${commands.map(
          (c) =>
            html`<button class=${ACTIONS[c].kind ?? ''} ?disabled=${this.busy} @click=${() => this.runCommand(c)}>${ACTIONS[c].label}</button>`,
        )}
        ${commands.length === 0 ? html`<span class="muted">当前没有可执行的操作 No action available to you now.</span>` : nothing}
      </div>
    </section>`;
  }

  private renderVersions(p: PolicyDetail) {
    if (p.versions.length === 0) return nothing;
    const refs = [...p.versions.map((v) => String(v.version)), 'working'];
    const label = (r: string) => (r === 'working' ? '当前草稿 working copy' : `v${r}`);
    const from = p.versions.length > 1 ? String(p.versions[p.versions.length - 2].version) : refs[0];
    const to = String(p.versions[p.versions.length - 1].version);
    return html`<section class="card" aria-label="版本 Versions">
      <h2>版本 Versions</h2>
      <table><thead><tr><th scope="col">版本</th><th scope="col">发布时间 Published</th><th scope="col">发布人 By</th><th scope="col">标题 Title</th></tr></thead>
        <tbody>${p.versions.map(
          (
            v,
          ) => html`<tr><td>v${v.version}${v.previousVersion ? html` <span class="muted">(← v${v.previousVersion})</span>` : nothing}</td>
            <td>${stationTime(v.publishedAt)}</td><td>${v.publishedBy}</td><td>${v.title.zh}</td></tr>`,
        )}</tbody></table>
      <form class="row" style="margin-top:0.6rem" @submit=${this.showDiff}>
        <label for="d-from" style="margin:0">比较 Compare</label>
        <select id="d-from" name="from" style="width:auto">${refs.map((r) => html`<option value=${r} ?selected=${r === from}>${label(r)}</option>`)}</select>
        <label for="d-to" style="margin:0">与 with</label>
        <select id="d-to" name="to" style="width:auto">${refs.map((r) => html`<option value=${r} ?selected=${r === to}>${label(r)}</option>`)}</select>
        <button type="submit">显示差异 Show differences</button>
      </form>
      ${
        this.diff
          ? this.diff.changes.length === 0
            ? html`<p>没有差异 No differences.</p>`
            : html`<table aria-label="差异 Differences"><thead><tr><th scope="col">字段 Field</th><th scope="col">${label(String(this.diff.from))}</th><th scope="col">${label(String(this.diff.to))}</th></tr></thead>
              <tbody>${this.diff.changes.map(
                (c) => html`<tr data-path=${c.path}><td><code>${c.path}</code></td>
                  <td>${c.from === undefined ? '—' : html`<del>${JSON.stringify(c.from)}</del>`}</td>
                  <td>${c.to === undefined ? '—' : html`<ins>${JSON.stringify(c.to)}</ins>`}</td></tr>`,
              )}</tbody></table>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const p = this.policy;
    if (this.policyId && this.loading) return html`<p aria-busy="true">加载中… Loading…</p>`;
    const errorText =
      this.error instanceof ApiError
        ? `${this.error.messageZh ?? ''} ${this.error.message}${this.error.field ? ` (${this.error.field})` : ''}`
        : this.error?.message;
    return html`
      <p><a href="#/policies">← 政策列表 All policies</a></p>
      <h1>${p ? p.title.zh : '新建政策 New policy'}</h1>
      <div aria-live="polite">
        ${errorText ? html`<p class="error" role="alert">${errorText}</p>` : nothing}
        ${this.message ? html`<p class="ok">${this.message}</p>` : nothing}
      </div>
      ${p ? this.renderWorkflow(p) : nothing}
      ${this.policyId && !p ? nothing : this.renderForm(p?.content ?? {}, p?.targets ?? { districts: [], stations: [] })}
      ${p ? this.renderVersions(p) : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-policy-editor': XzPolicyEditor;
  }
}
