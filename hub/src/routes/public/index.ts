/**
 * Public read-only pages, the targets of the QR codes (no sign-in, no personal data, every value
 * escaped, mobile-first):
 *   GET /p/:policyId            one published policy (?lang=en for English)
 *   GET /p?station=ID           every published policy for a station (政策码上查)
 *   GET /t/:ticketId            a ticket's number, service, status, people ahead and wait range, and its
 *                               counter once called; it reloads itself while the ticket waits or is
 *                               called; once served, a form to rate it
 *   POST /t/:ticketId/rate      the citizen's rating of a served ticket (one per ticket, kiosk or phone):
 *                               written as the hub's `phone-rating` document in the station database,
 *                               which the station agent turns into its own rating
 *   GET /r/:requestNumber?k=KEY a request's stage, deadlines, answer and progress notes, only with the
 *                               key of the receipt's link (numbers follow each other, so a number
 *                               alone opens nothing: a missing or wrong key and an unknown number
 *                               give the same 404 page)
 *   POST /r/:requestNumber/rate|reopen   the citizen rates or reopens (the link's key, and the last
 *                               four phone digits)
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { isRequestCategory, REQUEST_CATEGORY_LABELS } from '@xz/shared/cases/settings';
import serviceCatalogue from '@xz/shared/data/services.json' with { type: 'json' };
import type { PolicyDoc } from '@xz/shared/docs/policy';
import { POLICY_FIELD_LABELS } from '@xz/shared/docs/policy-labels';
import { type PolicyTag, policyTagLabel } from '@xz/shared/docs/policy-tags';
import type { Counter, StationDoc } from '@xz/shared/docs/station';
import { validateDocAs } from '@xz/shared/docs/validate';
import { DomainError, ErrorCode, httpStatusOf, isDomainError } from '@xz/shared/errors';
import { requestKeyMatches, requestStatusPath } from '@xz/shared/feedback/request-key';
import { isMessageKey, translate } from '@xz/shared/i18n/t';
import {
  isPolicyId,
  isStationId,
  parseRequestNumber,
  parseTicketId,
  phoneRatingId,
  ratingId,
  requestId,
  stationConfigId,
  stationDbName,
} from '@xz/shared/ids';
import { aheadFromTickets, estimateFromTickets, type TicketFacts } from '@xz/shared/queue/estimate';
import { createStationTime } from '@xz/shared/time';
import { validatePhone } from '@xz/shared/validate/phone';
import type { FastifyReply } from 'fastify';
import { statusOf } from '../../couch/client.ts';
import { targetsStation } from '../../policies/published.ts';
import { html, type Lang, type PageOptions, page, type Raw } from './html.ts';

const time = createStationTime('Asia/Shanghai');
/** How often a ticket's page reloads itself while the ticket waits or is called. */
const TICKET_REFRESH_SECONDS = 30;
const when = (at: number) => `${time.day(at)} ${time.clock(at).hhmm}`;

function field(name: keyof (typeof POLICY_FIELD_LABELS)['zh']) {
  return { zh: POLICY_FIELD_LABELS.zh[name], en: POLICY_FIELD_LABELS.en[name] };
}

const T = {
  policies: { zh: '惠企政策', en: 'Business-support policies' },
  notFound: { zh: '未找到', en: 'Not found' },
  noPolicy: { zh: '该政策不存在或已下架。', en: 'This policy does not exist or is no longer published.' },
  // The same words as the kiosk screen and the printed policy slip.
  department: field('department'),
  beneficiaries: field('beneficiaries'),
  conditions: field('conditions'),
  benefit: field('benefit'),
  window: field('apply'),
  where: field('where'),
  phone: field('phone'),
  source: { zh: '政策原文', en: 'Source' },
  fullText: { zh: '政策全文', en: 'Full text' },
  exempt: { zh: '免申即享', en: 'Granted without application' },
  valid: { zh: '有效期', en: 'Valid' },
  version: { zh: '版本', en: 'Version' },
  none: { zh: '暂无政策。', en: 'No policies yet.' },
  ticket: { zh: '排队号', en: 'Queue ticket' },
  status: { zh: '状态', en: 'Status' },
  ahead: { zh: '前面等待人数', en: 'People ahead' },
  service: { zh: '办理业务', en: 'Service' },
  counter: { zh: '办理窗口', en: 'Counter' },
  wait: { zh: '预计等候', en: 'Estimated wait' },
  soon: { zh: '即将叫号', en: 'Any moment now' },
  refreshing: {
    zh: `本页每 ${TICKET_REFRESH_SECONDS} 秒自动刷新。`,
    en: `This page refreshes every ${TICKET_REFRESH_SECONDS} seconds.`,
  },
  issued: { zh: '取号时间', en: 'Issued' },
  noTicket: { zh: '未找到该排队号。', en: 'This ticket was not found.' },
  request: { zh: '诉求办理进度', en: 'Request status' },
  needLink: {
    zh: '请扫描诉求受理回执上的二维码查看办理进度。',
    en: 'To follow a request, scan the QR code on its receipt.',
  },
  submitted: { zh: '提交时间', en: 'Submitted' },
  received: { zh: '中心受理时间', en: 'Received by the district' },
  category: { zh: '类别', en: 'Category' },
  progress: { zh: '办理进度', en: 'Progress' },
  handledBy: { zh: '承办部门', en: 'Handled by' },
  contactBy: { zh: '联系时限', en: 'Contact by' },
  feedbackBy: { zh: '答复时限', en: 'Answer by' },
  reply: { zh: '答复', en: 'Answer' },
  notes: { zh: '进展情况', en: 'Progress notes' },
  youRated: { zh: '您的评价：', en: 'Your rating:' },
  rateTitle: { zh: '评价办理结果', en: 'Rate the handling' },
  rateLegend: { zh: '您对办理结果是否满意？', en: 'How satisfied are you with the handling?' },
  rateSubmit: { zh: '提交评价', en: 'Send rating' },
  reopenTitle: { zh: '不满意？申请重新办理', en: 'Not resolved? Ask to reopen' },
  reopenReason: { zh: '请说明原因', en: 'Please say why' },
  reopenSubmit: { zh: '申请重新办理', en: 'Ask to reopen' },
  last4: { zh: '提交时所留手机号后四位', en: 'Last four digits of the phone you gave' },
  thanksRated: { zh: '感谢您的评价。', en: 'Thank you for your rating.' },
  thanksReopened: {
    zh: '已重新办理，承办部门将再次与您联系。',
    en: 'Reopened: the department will contact you again.',
  },
  wrongDigits: { zh: '手机号后四位不正确。', en: 'The last four digits do not match.' },
  tooMany: { zh: '尝试次数过多，请稍后再试。', en: 'Too many attempts; please try again later.' },
  notNow: { zh: '当前办理阶段不能进行此操作。', en: 'This is not possible at the current stage.' },
  checkInput: { zh: '请检查填写的内容。', en: 'Please check what you entered.' },
  rateService: { zh: '评价本次服务', en: 'Rate this service' },
  rateServiceLegend: { zh: '您对本次服务是否满意？', en: 'How satisfied are you with the service?' },
  comment: { zh: '意见或建议（可选）', en: 'Comment (optional)' },
  callbackPhone: { zh: '回访电话（可选）', en: 'Phone for a callback (optional)' },
  ratedAt: { zh: '您的评价已记录，时间：', en: 'Your rating was recorded at' },
  ratedAlready: {
    zh: '该号已评价过，每个号只能评价一次。',
    en: 'This ticket has been rated already; one rating per ticket.',
  },
  ratedPending: {
    zh: '评价已收到，正在送达服务小站。',
    en: 'Rating received; it is on its way to the station.',
  },
  notServed: { zh: '业务办结后才能评价。', en: 'You can rate once the service is finished.' },
} as const;

/** 受理, 已联系, 办理中, 已答复, 已办结. */
const STAGE = {
  received: { zh: '已受理', en: 'Received' },
  contacted: { zh: '已联系', en: 'Contacted' },
  'in-progress': { zh: '办理中', en: 'In progress' },
  answered: { zh: '已答复', en: 'Answered' },
  closed: { zh: '已办结', en: 'Closed' },
} as const;

const LEVEL: Record<number, { zh: string; en: string }> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

function categoryLabel(category: string, lang: Lang): string {
  return isRequestCategory(category)
    ? REQUEST_CATEGORY_LABELS[category][lang]
    : lang === 'zh'
      ? '其他'
      : 'Other';
}

/** A deadline instant (the midnight ending its day) as the day and 24:00. */
function dueText(iso: string): string {
  return `${time.day(Date.parse(iso) - 1)} 24:00`;
}

/** A ticket status in the words of the kiosk (the shared catalogue). */
function ticketStatusLabel(status: string, lang: Lang): string {
  const key = `ticket.status.${status}`;
  return isMessageKey(key) ? translate(lang, key) : '—';
}

/** Service names of the shared catalogue, for a station whose configuration the hub does not hold. */
const CATALOGUE_NAMES = new Map(
  (serviceCatalogue as { services: { id: string; zh: string; en: string }[] }).services.map((s) => [
    s.id,
    { zh: s.zh, en: s.en },
  ]),
);

/** A counter in words: its configured name, else its number. */
function counterLabel(counterId: string, counter: Counter | undefined, lang: Lang): string {
  if (counter?.name) return counter.name[lang];
  return lang === 'zh' ? `${counterId} 号窗口` : `Counter ${counterId}`;
}

const langOf = (q: { lang?: string }): Lang => (q.lang === 'en' ? 'en' : 'zh');
const other = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

function langLink(lang: Lang, path: string, extra: Record<string, string> = {}): Raw {
  const params = new URLSearchParams({ ...extra, lang: other(lang) });
  return html`<nav><a href="${path}?${params.toString()}" lang="${other(lang) === 'zh' ? 'zh-CN' : 'en'}">${
    other(lang) === 'zh' ? '中文' : 'English'
  }</a></nav>`;
}

function send(
  reply: FastifyReply,
  status: number,
  lang: Lang,
  title: string,
  body: Raw,
  options: PageOptions = {},
) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .send(page(lang, title, body, options));
}

function policySection(p: PolicyDoc, lang: Lang, tags: readonly PolicyTag[]): Raw {
  const c = p.content;
  return html`
    <h1>${c.title[lang]}</h1>
    ${c.exemptApplication ? html`<p><span class="tag">${T.exempt[lang]}</span></p>` : ''}
    <section><p>${c.summary[lang]}</p></section>
    <section><dl>
      <dt>${T.department[lang]}</dt><dd>${c.department[lang]}</dd>
      <dt>${T.beneficiaries[lang]}</dt><dd>${c.beneficiaries[lang]}</dd>
      <dt>${T.benefit[lang]}</dt><dd>${c.benefit[lang]}</dd>
      <dt>${T.window[lang]}</dt><dd>${c.apply.from} – ${c.apply.to}</dd>
      <dt>${T.where[lang]}</dt><dd>${c.apply.where[lang]}</dd>
      <dt>${T.phone[lang]}</dt><dd><a href="tel:${c.apply.phone}">${c.apply.phone}</a></dd>
      <dt>${T.valid[lang]}</dt><dd>${c.effectiveFrom} – ${c.expiresAt}</dd>
      <dt>${T.version[lang]}</dt><dd>v${p.version}</dd>
    </dl></section>
    <h2>${T.conditions[lang]}</h2><section class="pre">${c.conditions[lang]}</section>
    ${c.fullText ? html`<h2>${T.fullText[lang]}</h2><section class="pre">${c.fullText[lang]}</section>` : ''}
    ${c.sourceUrl ? html`<p><a href="${c.sourceUrl}" rel="noopener noreferrer">${T.source[lang]}</a></p>` : ''}
    <p>${c.tags.map((t) => html`<span class="tag">${policyTagLabel(tags, t, lang)}</span>`)}</p>`;
}

const LangQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 5 })),
  done: Type.Optional(Type.String({ maxLength: 10 })),
});

const publicPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/p/:policyId',
    {
      schema: { params: Type.Object({ policyId: Type.String({ maxLength: 100 }) }), querystring: LangQuery },
    },
    async (request, reply) => {
      const lang = langOf(request.query);
      const { policyId } = request.params;
      const doc = isPolicyId(policyId) ? await app.ops.policies.published(policyId) : undefined;
      const today = time.day(Date.now());
      if (!doc || doc.content.expiresAt < today) {
        return send(
          reply,
          404,
          lang,
          T.notFound[lang],
          html`<h1>${T.notFound[lang]}</h1><p>${T.noPolicy[lang]}</p>`,
        );
      }
      return send(
        reply,
        200,
        lang,
        doc.content.title[lang],
        html`${langLink(lang, `/p/${encodeURIComponent(policyId)}`)}${policySection(
          doc,
          lang,
          (await app.ops.policies.tags()).tags,
        )}`,
      );
    },
  );

  app.get(
    '/p',
    {
      schema: {
        querystring: Type.Object({
          station: Type.Optional(Type.String({ maxLength: 60 })),
          lang: Type.Optional(Type.String({ maxLength: 5 })),
        }),
      },
    },
    async (request, reply) => {
      const lang = langOf(request.query);
      const station = request.query.station;
      const today = time.day(Date.now());
      let list = await app.ops.policies.allPublished();
      if (station !== undefined && isStationId(station)) {
        const district = await stationDistrict(station);
        list = list.filter((p) => targetsStation(p.targets, station, district));
      } else if (station !== undefined) {
        list = [];
      }
      list = list
        .filter((p) => p.content.effectiveFrom <= today && p.content.expiresAt >= today)
        .sort((a, b) => a.content.title.zh.localeCompare(b.content.title.zh, 'zh'));
      const extra: Record<string, string> = station ? { station } : {};
      return send(
        reply,
        200,
        lang,
        T.policies[lang],
        html`${langLink(lang, '/p', extra)}<h1>${T.policies[lang]}</h1>
          ${
            list.length === 0
              ? html`<p>${T.none[lang]}</p>`
              : list.map(
                  (
                    p,
                  ) => html`<div class="card"><a href="/p/${encodeURIComponent(p.policyId)}?lang=${lang}">${p.content.title[lang]}</a>
                    <div class="muted">${p.content.department[lang]} · ${p.content.apply.from} – ${p.content.apply.to}</div></div>`,
                )
          }`,
      );
    },
  );

  async function stationDistrict(stationId: string): Promise<string | undefined> {
    try {
      const doc = (await app.ops.hub.couch.db(stationDbName(stationId)).get(stationConfigId(stationId))) as {
        district?: unknown;
      };
      return typeof doc.district === 'string' ? doc.district : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async function stationDoc<T>(stationId: string, id: string): Promise<T | undefined> {
    try {
      return (await app.ops.hub.couch.db(stationDbName(stationId)).get(id)) as T;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  type Ticket = TicketFacts & { type?: string; number: string; issuedAt: number; day: string };

  /** The station's configuration as the hub last sent it, if it did. */
  async function stationConfig(stationId: string): Promise<StationDoc | undefined> {
    const doc = await stationDoc<StationDoc>(stationId, stationConfigId(stationId));
    return doc?.type === 'station' && Array.isArray(doc.services) && Array.isArray(doc.counters)
      ? doc
      : undefined;
  }

  /** The station day's tickets (all services), as the station replicated them. */
  async function dayTickets(stationId: string, day: string): Promise<Ticket[]> {
    const prefix = `ticket:${stationId}:${day}:`;
    const res = await app.ops.hub.couch
      .db<Ticket>(stationDbName(stationId))
      .list({ include_docs: true, startkey: prefix, endkey: `${prefix}\ufff0` });
    return res.rows.flatMap((r) => {
      const d = r.doc as Ticket | undefined;
      return d?.type === 'ticket' ? [{ ...d, id: r.id }] : [];
    });
  }

  /** The rating section of a served ticket: the rating already given, or the form. */
  async function ratingSection(ticketId: string, stationId: string, lang: Lang): Promise<Raw> {
    const rating = await stationDoc<{ type?: string; level: number; at: number }>(
      stationId,
      ratingId(ticketId),
    );
    if (rating?.type === 'rating') {
      return html`<section class="card" role="status"><p>${T.ratedAt[lang]} ${when(rating.at)}</p>
        <p>${'★'.repeat(rating.level)} ${LEVEL[rating.level]?.[lang] ?? ''}</p></section>`;
    }
    const pending = await stationDoc<{ type?: string; at: number }>(stationId, phoneRatingId(ticketId));
    if (pending?.type === 'phone-rating') {
      return html`<section class="card" role="status"><p>${T.ratedAt[lang]} ${when(pending.at)}</p>
        <p class="muted">${T.ratedPending[lang]}</p></section>`;
    }
    const path = `/t/${encodeURIComponent(ticketId)}`;
    return html`<h2>${T.rateService[lang]}</h2>
      <form method="post" action="${path}/rate?lang=${lang}" class="card">
        <fieldset><legend>${T.rateServiceLegend[lang]}</legend>
        ${[5, 4, 3, 2, 1].map(
          (level) =>
            html`<label style="display:block"><input type="radio" name="level" value="${level}" required> ${'★'.repeat(level)} ${LEVEL[level][lang]}</label>`,
        )}</fieldset>
        <label style="display:block">${T.comment[lang]}<br><textarea name="comment" maxlength="500" rows="3" style="width:100%"></textarea></label>
        <label style="display:block">${T.callbackPhone[lang]} <input name="phone" inputmode="tel" maxlength="20" autocomplete="tel"></label>
        <p><button type="submit">${T.rateSubmit[lang]}</button></p>
      </form>`;
  }

  async function ticketPage(reply: FastifyReply, lang: Lang, ticketId: string, status = 200, notice?: Raw) {
    const parts = parseTicketId(ticketId);
    const ticket = parts ? await stationDoc<Ticket>(parts.stationId, ticketId) : undefined;
    if (!parts || !ticket || ticket.type !== 'ticket') {
      return send(
        reply,
        404,
        lang,
        T.notFound[lang],
        html`<h1>${T.ticket[lang]}</h1><p>${T.noTicket[lang]}</p>`,
      );
    }
    const config = await stationConfig(parts.stationId);
    const service: { zh: string; en: string } | undefined =
      config?.services.find((s) => s.id === ticket.serviceId)?.name ?? CATALOGUE_NAMES.get(ticket.serviceId);
    // People ahead from the day's tickets; the wait range also needs the counters serving the
    // service, from the station's configuration.
    let wait: { ahead: number; minMinutes?: number; maxMinutes?: number } | undefined;
    if (ticket.status === 'waiting') {
      const day = await dayTickets(parts.stationId, parts.day);
      const self = { ...ticket, id: ticketId };
      wait = config?.counters.some((c) => c.services.includes(ticket.serviceId))
        ? estimateFromTickets(self, day, config, Date.now())
        : { ahead: aheadFromTickets(self, day) };
    }
    const counterId = ticket.status === 'waiting' ? undefined : ticket.counterId;
    const counter = counterId ? config?.counters.find((c) => c.id === counterId) : undefined;
    const live = ticket.status === 'waiting' || ticket.status === 'called';
    return send(
      reply,
      status,
      lang,
      `${T.ticket[lang]} ${ticket.number}`,
      html`${langLink(lang, `/t/${encodeURIComponent(ticketId)}`)}
        <h1>${T.ticket[lang]}</h1>
        ${notice ?? ''}
        <section><div class="big">${ticket.number}</div>
        <dl>
          ${service ? html`<dt>${T.service[lang]}</dt><dd>${service[lang]}</dd>` : ''}
          <dt>${T.status[lang]}</dt><dd>${ticketStatusLabel(ticket.status, lang)}</dd>
          ${counterId ? html`<dt>${T.counter[lang]}</dt><dd>${counterLabel(counterId, counter, lang)}</dd>` : ''}
          ${wait ? html`<dt>${T.ahead[lang]}</dt><dd>${wait.ahead}</dd>` : ''}
          ${
            wait?.maxMinutes !== undefined
              ? html`<dt>${T.wait[lang]}</dt><dd>${
                  wait.maxMinutes === 0
                    ? T.soon[lang]
                    : lang === 'zh'
                      ? `${wait.minMinutes}–${wait.maxMinutes} 分钟`
                      : `${wait.minMinutes}–${wait.maxMinutes} min`
                }</dd>`
              : ''
          }
          <dt>${T.issued[lang]}</dt><dd>${when(ticket.issuedAt)}</dd>
        </dl></section>
        ${ticket.status === 'served' ? await ratingSection(ticketId, parts.stationId, lang) : ''}
        ${live ? html`<p class="muted">${T.refreshing[lang]}</p>` : ''}`,
      live ? { refreshSeconds: TICKET_REFRESH_SECONDS } : {},
    );
  }

  app.get(
    '/t/:ticketId',
    {
      schema: { params: Type.Object({ ticketId: Type.String({ maxLength: 200 }) }), querystring: LangQuery },
    },
    async (request, reply) => ticketPage(reply, langOf(request.query), request.params.ticketId),
  );

  // The citizen's forms post plain HTML form fields (no script on these pages).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  // The citizen rates a served ticket from the phone: refused before service and once the ticket
  // has a rating (from the kiosk or the phone); attempts are limited per address and ticket.
  app.post(
    '/t/:ticketId/rate',
    {
      config: {
        rateLimit: {
          max: 5,
          timeWindow: '10 minutes',
          keyGenerator: (request: { ip: string; params: unknown }) =>
            `${request.ip}|${(request.params as { ticketId?: string }).ticketId ?? ''}`,
        },
      },
      schema: {
        params: Type.Object({ ticketId: Type.String({ maxLength: 200 }) }),
        querystring: LangQuery,
        body: Type.Object({
          level: Type.String({ maxLength: 2 }),
          comment: Type.Optional(Type.String({ maxLength: 2000 })),
          phone: Type.Optional(Type.String({ maxLength: 40 })),
        }),
      },
      errorHandler: (error, request, reply) => {
        const lang = langOf(request.query as { lang?: string });
        const status = isDomainError(error) ? httpStatusOf(error.code) : (error.statusCode ?? 500);
        if (status >= 500) throw error;
        const message =
          status === 429
            ? T.tooMany[lang]
            : isDomainError(error) && error.details?.reason === 'rated'
              ? T.ratedAlready[lang]
              : isDomainError(error) && error.details?.reason === 'not-served'
                ? T.notServed[lang]
                : T.checkInput[lang];
        return ticketPage(
          reply,
          lang,
          (request.params as { ticketId: string }).ticketId,
          status,
          html`<p class="card" role="alert" style="border-left:4px solid #b3261e">${message}</p>`,
        );
      },
    },
    async (request, reply) => {
      const lang = langOf(request.query);
      const { ticketId } = request.params;
      const parts = parseTicketId(ticketId);
      const ticket = parts ? await stationDoc<Ticket>(parts.stationId, ticketId) : undefined;
      if (!parts || ticket?.type !== 'ticket') {
        throw new DomainError(ErrorCode.NotFound, 'No such ticket.', { field: 'ticketId' });
      }
      if (ticket.status !== 'served') {
        throw new DomainError(ErrorCode.Conflict, 'Not served yet.', { reason: 'not-served' });
      }
      const level = Number(request.body.level);
      if (!Number.isInteger(level) || level < 1 || level > 5) {
        throw new DomainError(ErrorCode.Validation, 'level: 1–5', { field: 'level' });
      }
      let phone: string | undefined;
      if (request.body.phone?.trim()) {
        const p = validatePhone(request.body.phone);
        if (!p.ok) throw new DomainError(ErrorCode.Validation, 'phone', { field: 'phone' });
        phone = p.normalised;
      }
      const db = app.ops.hub.couch.db(stationDbName(parts.stationId));
      const rated = await stationDoc<{ type?: string }>(parts.stationId, ratingId(ticketId));
      if (rated?.type === 'rating')
        throw new DomainError(ErrorCode.Conflict, 'Rated already.', { reason: 'rated' });
      const comment = request.body.comment?.trim().slice(0, 500);
      const doc = {
        _id: phoneRatingId(ticketId),
        type: 'phone-rating' as const,
        schemaVersion: 1 as const,
        ticketId,
        stationId: parts.stationId,
        level,
        ...(comment ? { comment } : {}),
        ...(phone ? { phone } : {}),
        at: Date.now(),
        lang,
      };
      const checked = validateDocAs('phone-rating', doc);
      if (!checked.ok)
        throw new DomainError(ErrorCode.Validation, checked.errors[0].message, { field: 'rating' });
      try {
        await db.insert(doc);
      } catch (error) {
        if (statusOf(error) === 409)
          throw new DomainError(ErrorCode.Conflict, 'Rated already.', { reason: 'rated' });
        throw error;
      }
      return reply.redirect(`/t/${encodeURIComponent(ticketId)}?lang=${lang}`, 303);
    },
  );

  type Req = { type?: string; number: string; category: string; kioskAt: number; keyHash?: unknown };

  /**
   * The station's document of a request when `key` is the key of its link, else undefined:
   * whether the number exists, the key is wrong or missing, or the request has no key (filed
   * before links had keys), the answer is the same, after the same work.
   */
  async function keyedRequest(number: string, key: unknown): Promise<Req | undefined> {
    const parts = parseRequestNumber(number);
    const doc = parts ? await stationDoc<Req>(parts.stationId, requestId(parts)) : undefined;
    const found = doc?.type === 'request' ? doc : undefined;
    return requestKeyMatches(key, found?.keyHash) ? found : undefined;
  }

  /**
   * The one page for a request number without its key: no word of any request, in both languages
   * (404; 429 with its notice when the attempts on the number ran out, whether it exists or not).
   */
  function requestRefused(reply: FastifyReply, lang: Lang, status = 404, notice?: Raw) {
    return send(
      reply,
      status,
      lang,
      T.request[lang],
      html`<h1>${T.request[lang]}</h1>
        ${notice ?? ''}
        <section><p lang="zh-CN">${T.needLink.zh}</p><p lang="en">${T.needLink.en}</p></section>`,
    );
  }

  /**
   * The request page for the holder of its link's key: from its case once the hub received it,
   * else from the station's document.
   */
  async function requestPage(
    reply: FastifyReply,
    lang: Lang,
    number: string,
    key: unknown,
    status = 200,
    notice?: Raw,
  ) {
    const doc = await keyedRequest(number, key);
    if (!doc || typeof key !== 'string') return requestRefused(reply, lang);
    const found = await app.ops.hub.cases.publicRequest(doc.number);
    const category = categoryLabel(doc.category, lang);
    const path = `/r/${encodeURIComponent(doc.number)}`;
    const keyField = html`<input type="hidden" name="k" value="${key}">`;
    if (found === undefined) {
      return send(
        reply,
        status,
        lang,
        T.request[lang],
        html`${langLink(lang, path, { k: key })}
          <h1>${T.request[lang]}</h1>
          ${notice ?? ''}
          <section><div class="big" style="font-size:1.3rem">${doc.number}</div>
          <dl>
            <dt>${T.status[lang]}</dt><dd>${lang === 'zh' ? '已提交，等待中心受理' : 'Submitted, waiting to be received'}</dd>
            <dt>${T.category[lang]}</dt><dd>${category}</dd>
            <dt>${T.submitted[lang]}</dt><dd>${when(doc.kioskAt)}</dd>
          </dl></section>`,
      );
    }
    const { view, history } = found;
    const settings = await app.ops.hub.cases.settings();
    const department = settings.departments.find((d) => d.id === view.department);
    const stages = ['received', 'contacted', 'in-progress', 'answered', 'closed'] as const;
    const reached = stages.indexOf(view.stage as (typeof stages)[number]);
    const notes = history.filter((h) => h.type === 'ProgressNoted' || h.type === 'MarkedLongRunning');
    const answered = view.stage === 'answered' || view.stage === 'closed';
    const instant = (iso: string) => when(Date.parse(iso));
    return send(
      reply,
      status,
      lang,
      T.request[lang],
      html`${langLink(lang, path, { k: key })}
        <h1>${T.request[lang]}</h1>
        ${notice ?? ''}
        <section><div class="big" style="font-size:1.3rem">${view.number}</div>
        <ol class="stages" aria-label="${T.progress[lang]}">${stages.map(
          (stage, i) =>
            html`<li class="${i <= reached ? 'done' : ''}"${i === reached ? html` aria-current="step"` : ''}>${
              i <= reached ? '✓ ' : ''
            }${STAGE[stage][lang]}</li>`,
        )}</ol>
        <dl>
          <dt>${T.status[lang]}</dt><dd>${STAGE[view.stage as keyof typeof STAGE][lang]}</dd>
          <dt>${T.category[lang]}</dt><dd>${category}</dd>
          <dt>${T.handledBy[lang]}</dt><dd>${department ? department[lang] : '—'}</dd>
          <dt>${T.submitted[lang]}</dt><dd>${instant(view.kioskAt)}</dd>
          <dt>${T.received[lang]}</dt><dd>${instant(view.receivedAt)}</dd>
          ${view.due.contactBy ? html`<dt>${T.contactBy[lang]}</dt><dd>${dueText(view.due.contactBy)}</dd>` : ''}
          ${view.due.feedbackBy ? html`<dt>${T.feedbackBy[lang]}</dt><dd>${dueText(view.due.feedbackBy)}</dd>` : ''}
        </dl></section>
        ${view.reply ? html`<h2>${T.reply[lang]}</h2><section class="pre">${view.reply}</section>` : ''}
        ${
          notes.length > 0
            ? html`<h2>${T.notes[lang]}</h2>${notes.map(
                (n) =>
                  html`<section><div class="muted">${instant(n.at)}</div><div class="pre">${String(n.data.note ?? '')}</div></section>`,
              )}`
            : ''
        }
        ${view.citizenLevel !== undefined ? html`<p class="muted">${T.youRated[lang]} ${'★'.repeat(view.citizenLevel)}</p>` : ''}
        ${
          answered
            ? html`<h2>${T.rateTitle[lang]}</h2>
              <form method="post" action="${path}/rate?lang=${lang}" class="card">
                ${keyField}
                <fieldset><legend>${T.rateLegend[lang]}</legend>
                ${[5, 4, 3, 2, 1].map(
                  (level) =>
                    html`<label style="display:block"><input type="radio" name="level" value="${level}" required> ${'★'.repeat(level)} ${LEVEL[level][lang]}</label>`,
                )}</fieldset>
                <label>${T.last4[lang]} <input name="phoneLast4" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" required autocomplete="off"></label>
                <p><button type="submit">${T.rateSubmit[lang]}</button></p>
              </form>
              <h2>${T.reopenTitle[lang]}</h2>
              <form method="post" action="${path}/reopen?lang=${lang}" class="card">
                ${keyField}
                <label style="display:block">${T.reopenReason[lang]}<br><textarea name="reason" required maxlength="500" rows="3" style="width:100%"></textarea></label>
                <label>${T.last4[lang]} <input name="phoneLast4" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" required autocomplete="off"></label>
                <p><button type="submit">${T.reopenSubmit[lang]}</button></p>
              </form>`
            : ''
        }`,
    );
  }

  // The key is not checked against a pattern here: a malformed key is a wrong key, and gets the
  // same page as every other.
  const RequestQuery = Type.Object({
    ...LangQuery.properties,
    k: Type.Optional(Type.String({ maxLength: 200 })),
  });

  app.get(
    '/r/:requestNumber',
    {
      schema: {
        params: Type.Object({ requestNumber: Type.String({ maxLength: 100 }) }),
        querystring: RequestQuery,
      },
    },
    async (request, reply) =>
      requestPage(
        reply,
        langOf(request.query),
        request.params.requestNumber,
        request.query.k,
        200,
        request.query.done === 'rated' || request.query.done === 'reopened'
          ? html`<p class="card" role="status">${T[request.query.done === 'rated' ? 'thanksRated' : 'thanksReopened'][langOf(request.query)]}</p>`
          : undefined,
      ),
  );

  // Each citizen action: the link's key (sent back by the page's form) opens it, and the last four
  // digits of the phone given at filing confirm it; a missing or wrong key gets the page of a
  // request without its key, wrong digits are refused, and attempts are limited per address and
  // request.
  for (const action of ['rate', 'reopen'] as const) {
    app.post(
      `/r/:requestNumber/${action}`,
      {
        config: {
          rateLimit: {
            max: 5,
            timeWindow: '10 minutes',
            keyGenerator: (request: { ip: string; params: unknown }) =>
              `${request.ip}|${(request.params as { requestNumber?: string }).requestNumber ?? ''}`,
          },
        },
        schema: {
          params: Type.Object({ requestNumber: Type.String({ maxLength: 100 }) }),
          querystring: LangQuery,
          body: Type.Object({
            k: Type.Optional(Type.String({ maxLength: 200 })),
            phoneLast4: Type.String({ maxLength: 8 }),
            level: Type.Optional(Type.String({ maxLength: 2 })),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
          }),
        },
        errorHandler: (error, request, reply) => {
          const lang = langOf(request.query as { lang?: string });
          const status = isDomainError(error) ? httpStatusOf(error.code) : (error.statusCode ?? 500);
          if (status >= 500) throw error;
          const alert = (message: string) =>
            html`<p class="card" role="alert" style="border-left:4px solid #b3261e">${message}</p>`;
          // Attempts are counted before the form is read, so there is no key to open the page with.
          if (status === 429) return requestRefused(reply, lang, 429, alert(T.tooMany[lang]));
          const message =
            isDomainError(error) && error.details?.reason === 'phone'
              ? T.wrongDigits[lang]
              : isDomainError(error) && error.code === ErrorCode.Conflict
                ? T.notNow[lang]
                : T.checkInput[lang];
          return requestPage(
            reply,
            lang,
            (request.params as { requestNumber: string }).requestNumber,
            (request.body as { k?: unknown } | undefined)?.k,
            status,
            alert(message),
          );
        },
      },
      async (request, reply) => {
        const lang = langOf(request.query);
        const { k: key, phoneLast4, level, reason } = request.body;
        const doc = await keyedRequest(request.params.requestNumber, key);
        if (!doc || key === undefined) return requestRefused(reply, lang);
        const command =
          action === 'rate'
            ? { type: 'CitizenRate' as const, level: Number(level) }
            : { type: 'Reopen' as const, reason: reason ?? '' };
        await app.ops.hub.cases.citizenAct(doc.number, phoneLast4.trim(), command);
        return reply.redirect(
          `${requestStatusPath(doc.number, key)}&lang=${lang}&done=${action === 'rate' ? 'rated' : 'reopened'}`,
          303,
        );
      },
    );
  }
};

export default publicPages;
