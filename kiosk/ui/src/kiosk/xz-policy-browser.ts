/**
 * xz-policy-browser: business-support policies (惠企政策): list with tag and 免申即享 filters and
 * search (typed on the on-screen keyboard in Chinese, pinyin or initials, or tapped keywords;
 * tags found by the dictionary's labels and synonyms; open policies first, closed ones marked),
 * a short questionnaire that ranks open policies by tag overlap, the
 * deadline calendar, a detail view per policy, and one station QR for all policies (政策码上查).
 * Expired policies are not shown, also when the station is offline.
 * Slots: none. Events: `xz-print-request` (from the detail view), `xz-navigate`. CSS parts: none.
 */
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { defaultPolicyTags, type PolicyTag, policyTagLabel } from '@xz/shared/policy/tags';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { langContext, stationContext } from '../context.ts';
import { subscribePolicies } from '../data/live.ts';
import { fetchPolicies } from '../data/policies.ts';
import { SubscriptionController } from '../data/subscriptions.ts';
import type { Lang, Policy, PolicyList, Station } from '../data/types.ts';
import { icons } from '../design/icons.ts';
import { baseStyles } from '../design/styles.ts';
import { pick, tr } from '../i18n.ts';
import { loadKeyboardEngine } from '../keyboard/load.ts';
import { errorText } from './format.ts';
import {
  closingSoon,
  daysBetween,
  type PinyinMatcher,
  QUESTIONS,
  type Question,
  rankPolicies,
  searchPolicies,
  tagsOf,
  todayIn,
} from './policy-search.ts';
import { screenStyles } from './screen-styles.ts';

type Tab = 'list' | 'match' | 'calendar';
const KEYWORDS = {
  zh: ['贷款', '创业', '人才', '补贴', '知识产权', '就业'],
  en: ['loan', 'start-up', 'talent', 'subsid', 'patent', 'job'],
};

@customElement('xz-policy-browser')
export class XzPolicyBrowser extends LitElement {
  static override styles = [
    baseStyles,
    screenStyles,
    css`
      .top {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: var(--xz-gap);
        align-items: start;
      }
      .allqr {
        display: flex;
        align-items: center;
        gap: 0.6em;
        max-width: 360px;
        font-size: var(--xz-fs-small);
        --xz-qr-size: 140px;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .chips .btn {
        min-height: var(--xz-target);
        font-size: var(--xz-fs-small);
      }
      .search {
        display: grid;
        grid-template-columns: auto 1fr;
        align-items: center;
        gap: 0.3em 0.5em;
        font-weight: bold;
      }
      .search input {
        grid-column: 1 / -1;
        width: 100%;
        min-height: calc(var(--xz-target) * 1.1);
        font-size: var(--xz-fs-large);
      }
      .policy.closed {
        border-style: dashed;
        background: var(--xz-c-bg);
      }
      .policy {
        flex-direction: column;
        align-items: stretch;
        justify-content: flex-start;
        text-align: left;
        gap: 0.3em;
        padding: 0.8em 1em;
      }
      .policy .title {
        font-weight: bold;
        font-size: var(--xz-fs-body);
      }
      .policy .summary {
        font-size: var(--xz-fs-small);
        color: var(--xz-c-muted);
      }
      fieldset {
        border: 1px solid var(--xz-c-border);
        border-radius: var(--xz-radius);
        padding: var(--xz-gap);
        margin: 0;
      }
      legend {
        font-weight: bold;
        padding: 0 0.3em;
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';
  @consume({ context: stationContext, subscribe: true }) private station?: Station;

  @state() private tab: Tab = 'list';
  @state() private query = '';
  @state() private tag?: string;
  @state() private exemptOnly = false;
  /** Pinyin matching, once the keyboard's dictionary has loaded. */
  @state() private pinyin?: PinyinMatcher;
  @state() private answers: string[] = [];
  @state() private ranked = false;
  @state() private openId?: string;

  private readonly data = new Task(this, {
    task: (_args, { signal }) => fetchPolicies(signal),
    args: () => [],
  });

  constructor() {
    super();
    new SubscriptionController(this, () => [subscribePolicies(() => this.data.run())]);
  }

  protected override updated(): void {
    // Letters in the query may be pinyin: load the matcher (with the keyboard's dictionary) then.
    if (!this.pinyin && /[a-z]/i.test(this.query)) {
      loadKeyboardEngine().then(
        (e) => (this.pinyin = e.match),
        () => undefined,
      );
    }
  }

  private get dictionary(): PolicyTag[] {
    return this.data.value?.tags?.length ? this.data.value.tags : defaultPolicyTags();
  }

  private get today(): string {
    return todayIn(this.station?.timeZone ?? 'Asia/Shanghai', Date.now());
  }

  /**
   * The station-wide "all policies" QR target: the agent's allUrl; else derived from the
   * policies' own links.
   */
  private allUrl(list: PolicyList): string {
    if (list.allUrl) return list.allUrl;
    const s = this.station;
    const base = list.policies.find((p) => p.url)?.url;
    if (!s || !base) return '';
    try {
      return new URL(`/p/?station=${encodeURIComponent(s.id)}`, base).href;
    } catch {
      return '';
    }
  }

  override render() {
    const lang = this.uiLang;
    return html`
      <xz-kiosk-header heading=${tr(lang, 'policies.title')}></xz-kiosk-header>
      ${this.data.render({
        initial: () => html`<p>${tr(lang, 'app.loading')}</p>`,
        pending: () =>
          this.data.value ? this.renderBody(this.data.value) : html`<p>${tr(lang, 'app.loading')}</p>`,
        complete: (list) => this.renderBody(list),
        error: (
          err,
        ) => html`<xz-banner kind="error">${tr(lang, 'app.error.load', { message: errorText(lang, err) })}
          <button slot="action" class="btn" @click=${() => this.data.run()}>${tr(lang, 'app.retry')}</button></xz-banner>`,
      })}
    `;
  }

  private renderBody(list: PolicyList) {
    const lang = this.uiLang;
    const today = this.today;
    const current = list.policies.filter((p) => daysBetween(today, p.expiresAt) >= 0);
    const open = this.openId ? current.find((p) => p.id === this.openId) : undefined;
    if (open) {
      return html`<xz-policy-detail .policy=${open} today=${today} @xz-policy-close=${() => (this.openId = undefined)}></xz-policy-detail>`;
    }
    const tabs: Tab[] = ['list', 'match', 'calendar'];
    const url = this.allUrl(list);
    return html`
      <div class="top">
        <div class="row" role="group" aria-label=${tr(lang, 'policies.title')}>
          ${tabs.map(
            (
              t,
            ) => html`<button class="btn" data-tab=${t} aria-pressed=${this.tab === t ? 'true' : 'false'} @click=${() => (this.tab = t)}>
              ${t === 'calendar' ? icons.calendar : t === 'match' ? icons.check : icons.list}${tr(lang, `policies.tab.${t}`)}</button>`,
          )}
        </div>
        ${url ? html`<div class="allqr"><xz-qr .value=${url} label=${tr(lang, 'policies.allQr')}></xz-qr><span>${tr(lang, 'policies.allQr')}</span></div>` : nothing}
      </div>
      <div @xz-policy-open=${(e: CustomEvent<{ policyId: string }>) => (this.openId = e.detail.policyId)}>
        ${this.tab === 'list' ? this.renderList(current, today) : nothing}
        ${this.tab === 'match' ? this.renderMatch(current, today) : nothing}
        ${this.tab === 'calendar' ? html`<xz-policy-calendar .policies=${current} today=${today}></xz-policy-calendar>` : nothing}
      </div>
    `;
  }

  private tagLabel(tag: string): string {
    return policyTagLabel(this.dictionary, tag, this.uiLang);
  }

  private renderList(policies: Policy[], today: string) {
    const lang = this.uiLang;
    const hits = searchPolicies(policies, this.query, {
      today,
      tag: this.tag,
      exemptOnly: this.exemptOnly,
      dictionary: this.dictionary,
      pinyin: this.pinyin,
    });
    return html`<div class="stack">
      <label class="search">${icons.search}<span>${tr(lang, 'policies.search.name')}</span>
        <input type="search" inputmode="none" autocomplete="off" data-testid="policy-search"
          placeholder=${tr(lang, 'policies.search')} .value=${this.query}
          @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} /></label>
      <div class="chips" role="group" aria-label=${tr(lang, 'policies.search.name')}>
        ${KEYWORDS[lang].map(
          (k) => html`<button class="btn" aria-pressed=${this.query === k ? 'true' : 'false'}
            @click=${() => (this.query = this.query === k ? '' : k)}>${icons.search}${k}</button>`,
        )}
      </div>
      <div class="chips" role="group" aria-label=${tr(lang, 'policies.tags')}>
        <button class="btn" data-filter="exempt" aria-pressed=${this.exemptOnly ? 'true' : 'false'}
          @click=${() => (this.exemptOnly = !this.exemptOnly)}>${icons.check}${tr(lang, 'policies.exempt')}</button>
        <button class="btn" aria-pressed=${this.tag === undefined ? 'true' : 'false'} @click=${() => (this.tag = undefined)}>${tr(lang, 'policies.tag.all')}</button>
        ${tagsOf(policies).map(
          (t) => html`<button class="btn" data-tag=${t} aria-pressed=${this.tag === t ? 'true' : 'false'}
            @click=${() => (this.tag = this.tag === t ? undefined : t)}>${this.tagLabel(t)}</button>`,
        )}
      </div>
      <p class="muted" aria-live="polite">${tr(lang, 'policies.count', { n: hits.length })}</p>
      ${hits.length ? html`<div class="grid">${hits.map((h) => this.renderCard(h.policy, today))}</div>` : html`<p>${tr(lang, 'policies.none')}</p>`}
    </div>`;
  }

  private renderCard(p: Policy, today: string, score?: number) {
    const lang = this.uiLang;
    const left = daysBetween(today, p.apply.to);
    return html`<button class="btn policy ${left < 0 ? 'closed' : ''}" data-policy=${p.id} @click=${() => (this.openId = p.id)}>
      <span class="title">${pick(lang, p.title)}</span>
      <span class="summary">${pick(lang, p.summary)}</span>
      <span class="row" style="gap:8px">
        ${score ? html`<span class="tag">${icons.check}${tr(lang, 'policies.match.score', { n: score })}</span>` : nothing}
        ${p.exemptApplication ? html`<span class="tag green">${icons.check}${tr(lang, 'policies.exempt')}</span>` : nothing}
        ${
          left < 0
            ? html`<span class="tag danger">${tr(lang, 'policies.closed')}</span>`
            : closingSoon(p, today)
              ? html`<span class="tag warn">${icons.clock}${tr(lang, 'policies.closingSoon', { n: left })}</span>`
              : html`<span class="tag">${tr(lang, 'policies.deadline', { date: p.apply.to })}</span>`
        }
      </span>
    </button>`;
  }

  /** A question's answers: the dictionary's tags of that group, else the built-in ones. */
  private answersFor(q: Question): readonly string[] {
    const fromDictionary = this.dictionary.filter((t) => t.group === q).map((t) => t.id);
    return fromDictionary.length ? fromDictionary : QUESTIONS[q];
  }

  private toggleAnswer(tag: string) {
    this.answers = this.answers.includes(tag)
      ? this.answers.filter((t) => t !== tag)
      : [...this.answers, tag];
    this.ranked = false;
  }

  private renderMatch(policies: Policy[], today: string) {
    const lang = this.uiLang;
    const questions = Object.keys(QUESTIONS) as Question[];
    const results = this.ranked ? rankPolicies(policies, this.answers, today) : [];
    return html`<div class="stack">
      ${questions.map(
        (q) => html`<fieldset>
          <legend>${tr(lang, `policies.match.${q}`)}</legend>
          <div class="chips">
            ${this.answersFor(q).map(
              (
                t,
              ) => html`<button class="btn" data-answer=${t} aria-pressed=${this.answers.includes(t) ? 'true' : 'false'}
                @click=${() => this.toggleAnswer(t)}>${this.tagLabel(t)}</button>`,
            )}
          </div>
        </fieldset>`,
      )}
      <div class="actions">
        <button class="btn primary" ?disabled=${!this.answers.length} @click=${() => (this.ranked = true)}>${tr(lang, 'policies.match.run')}</button>
      </div>
      ${!this.answers.length ? html`<p class="muted">${tr(lang, 'policies.match.pick')}</p>` : nothing}
      ${
        this.ranked
          ? html`<h2>${tr(lang, 'policies.match.result')}</h2>
            ${results.length ? html`<div class="grid">${results.map((r) => this.renderCard(r.policy, today, r.score))}</div>` : html`<p>${tr(lang, 'policies.none')}</p>`}`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-policy-browser': XzPolicyBrowser;
  }
}
