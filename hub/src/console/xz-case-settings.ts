/**
 * xz-case-settings: where requests go and how long each step may take, for the district office:
 * the departments, the routing table (category → department) with the contact and feedback
 * deadlines of each category, and the callback and feedback deadlines of bad ratings, in working
 * days. Checked here first with messages in both languages; the hub's refusal names the field and
 * is shown beside it. Cases already open keep the deadlines they were opened with.
 * Events, slots, parts: none.
 */
import { REQUEST_CATEGORIES } from '@xz/shared/cases/categories';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, type CaseSettings, fetchCaseSettings, saveCaseSettings } from './data/api.ts';
import { checkCaseSettings } from './data/case-settings.ts';
import { CATEGORY_WORDS, CHECK_WORDS, refusalWords, say, type Words } from './data/case-words.ts';
import { consoleStyles } from './styles.ts';

@customElement('xz-case-settings')
export class XzCaseSettings extends LitElement {
  static override styles = consoleStyles;

  /** The settings being edited. */
  @state() private draft?: CaseSettings;
  @state() private errors: Record<string, Words> = {};
  @state() private error?: Words;
  @state() private message?: Words;
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    fetchCaseSettings().then(
      (s) => {
        this.draft = structuredClone(s);
      },
      (e: unknown) => {
        this.error =
          e instanceof ApiError ? refusalWords(e) : { zh: '无法读取设置。', en: (e as Error).message };
      },
    );
  }

  private edit(mutate: (s: CaseSettings) => void) {
    if (!this.draft) return;
    const next = structuredClone(this.draft);
    mutate(next);
    this.draft = next;
    this.message = undefined;
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const draft = this.draft;
    if (!draft) return;
    const body: CaseSettings = {
      ...draft,
      departments: draft.departments.map((d) => ({ id: d.id.trim(), zh: d.zh.trim(), en: d.en.trim() })),
    };
    this.errors = checkCaseSettings(body);
    this.error = undefined;
    this.message = undefined;
    if (Object.keys(this.errors).length > 0) {
      this.error = { zh: '请修改标出的项。', en: 'Please correct the marked fields.' };
      await this.updateComplete;
      (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    this.busy = true;
    try {
      this.draft = structuredClone(await saveCaseSettings(body));
      this.message = {
        zh: '已保存。新设置用于此后受理的办件。',
        en: 'Saved. New settings apply to cases received from now on.',
      };
    } catch (e) {
      if (e instanceof ApiError) {
        const words = refusalWords(e);
        if (e.field) this.errors = { [e.field]: words };
        this.error = words;
      } else {
        this.error = { zh: '无法连接中心。', en: (e as Error).message };
      }
    } finally {
      this.busy = false;
    }
  }

  private err(path: string) {
    const e = this.errors[path];
    return e ? html`<p class="error" id="err-${path}">${say(e)}</p>` : nothing;
  }

  private attrs(path: string) {
    return {
      invalid: this.errors[path] ? 'true' : 'false',
      described: this.errors[path] ? `err-${path}` : '',
    };
  }

  private daysInput(path: string, label: string, value: number, set: (v: number) => void) {
    const a = this.attrs(path);
    return html`<input type="number" min="0" max="60" step="1" inputmode="numeric" aria-label=${label}
      data-field=${path} .value=${String(value)} aria-invalid=${a.invalid} aria-describedby=${a.described || nothing}
      @input=${(e: Event) => set(Number((e.target as HTMLInputElement).value === '' ? Number.NaN : (e.target as HTMLInputElement).value))} />${this.err(path)}`;
  }

  override render() {
    const s = this.draft;
    if (!s) {
      return html`<h1>办件设置 Case settings</h1>${
        this.error
          ? html`<p class="error" role="alert">${say(this.error)}</p>`
          : html`<p aria-busy="true">加载中… Loading…</p>`
      }`;
    }
    return html`
      <h1>办件设置 Case settings</h1>
      <p class="muted">时限按工作日计算（法定节假日与调休按中心日历），到第 N 个工作日 24:00 为止；修改不影响已受理的办件。Deadlines are in working days on the hub's calendar, due at 24:00 of the N-th working day; changes do not rewrite cases already received.</p>
      <form novalidate @submit=${this.save} aria-label="办件设置 Case settings">
        <section class="card" aria-labelledby="dep-h">
          <h2 id="dep-h">部门 Departments</h2>
          <table>
            <thead><tr><th scope="col">编号 Id</th><th scope="col">中文名称 Chinese name</th><th scope="col">英文名称 English name</th><th scope="col"></th></tr></thead>
            <tbody>${s.departments.map((d, i) => {
              const routed = REQUEST_CATEGORIES.some((c) => s.categories[c]?.department === d.id);
              return html`<tr data-department=${i}>
                ${(['id', 'zh', 'en'] as const).map((k) => {
                  const path = `departments.${i}.${k}`;
                  const a = this.attrs(path);
                  return html`<td><input aria-label=${`${k === 'id' ? '部门编号 Department id' : k === 'zh' ? '中文名称 Chinese name' : '英文名称 English name'} ${i + 1}`}
                    data-field=${path} .value=${d[k]} aria-invalid=${a.invalid} aria-describedby=${a.described || nothing}
                    @input=${(e: Event) =>
                      this.edit((x) => {
                        (x.departments[i] as Record<typeof k, string>)[k] = (
                          e.target as HTMLInputElement
                        ).value;
                      })} />${this.err(path)}</td>`;
                })}
                <td><button type="button" class="danger" ?disabled=${routed || s.departments.length <= 1}
                  title=${routed ? say(CHECK_WORDS.departmentInUse) : ''}
                  @click=${() => this.edit((x) => x.departments.splice(i, 1))}>删除 Remove</button></td>
              </tr>`;
            })}</tbody>
          </table>
          ${this.err('departments')}
          <p><button type="button" @click=${() => this.edit((x) => x.departments.push({ id: '', zh: '', en: '' }))}>添加部门 Add a department</button></p>
        </section>

        <section class="card" aria-labelledby="route-h">
          <h2 id="route-h">诉求分派与时限 Request routing and deadlines</h2>
          <table>
            <thead><tr><th scope="col">类别 Category</th><th scope="col">承办部门 Department</th>
              <th scope="col">联系时限（工作日）Contact within (working days)</th><th scope="col">反馈时限（工作日）Feedback within (working days)</th></tr></thead>
            <tbody>${REQUEST_CATEGORIES.map((c) => {
              const route = s.categories[c] ?? { department: '', contactDays: 1, feedbackDays: 3 };
              const words = say(CATEGORY_WORDS[c] as Words);
              const dep = `categories.${c}.department`;
              const a = this.attrs(dep);
              return html`<tr data-category=${c}>
                <th scope="row">${words}</th>
                <td><select aria-label=${`${words} 承办部门 Department`} data-field=${dep} aria-invalid=${a.invalid} aria-describedby=${a.described || nothing}
                  @change=${(e: Event) =>
                    this.edit((x) => {
                      x.categories[c] = { ...route, department: (e.target as HTMLSelectElement).value };
                    })}>
                  ${s.departments.some((d) => d.id === route.department) ? nothing : html`<option value="" selected>请选择 Choose…</option>`}
                  ${s.departments.map((d) => html`<option value=${d.id} ?selected=${d.id === route.department}>${d.zh || d.id} ${d.en}</option>`)}
                </select>${this.err(dep)}</td>
                <td>${this.daysInput(
                  `categories.${c}.contactDays`,
                  `${words} 联系时限 Contact within`,
                  route.contactDays,
                  (v) =>
                    this.edit((x) => {
                      x.categories[c] = { ...route, contactDays: v };
                    }),
                )}</td>
                <td>${this.daysInput(
                  `categories.${c}.feedbackDays`,
                  `${words} 反馈时限 Feedback within`,
                  route.feedbackDays,
                  (v) =>
                    this.edit((x) => {
                      x.categories[c] = { ...route, feedbackDays: v };
                    }),
                )}</td>
              </tr>`;
            })}</tbody>
          </table>
        </section>

        <section class="card" aria-labelledby="rating-h">
          <h2 id="rating-h">差评跟进时限 Bad-rating deadlines</h2>
          <div class="grid2">
            <div><span class="label">回访时限（工作日）Call back within (working days)</span>
              ${this.daysInput(
                'rating.callbackDays',
                '回访时限 Call back within',
                s.rating.callbackDays,
                (v) =>
                  this.edit((x) => {
                    x.rating.callbackDays = v;
                  }),
              )}</div>
            <div><span class="label">整改反馈时限（工作日）Feedback within (working days)</span>
              ${this.daysInput(
                'rating.feedbackDays',
                '整改反馈时限 Feedback within',
                s.rating.feedbackDays,
                (v) =>
                  this.edit((x) => {
                    x.rating.feedbackDays = v;
                  }),
              )}</div>
          </div>
        </section>

        <div aria-live="polite">
          ${this.error ? html`<p class="error" role="alert">${say(this.error)}</p>` : nothing}
          ${this.message ? html`<p class="ok" role="status">${say(this.message)}</p>` : nothing}
        </div>
        <p><button class="primary" type="submit" ?disabled=${this.busy}>保存设置 Save settings</button></p>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-case-settings': XzCaseSettings;
  }
}
