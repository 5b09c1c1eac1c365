/**
 * Public read-only pages, the targets of the QR codes (no sign-in, no personal data, every value
 * escaped, mobile-first):
 *   GET /p/:policyId            one published policy (?lang=en for English)
 *   GET /p?station=ID           every published policy for a station (政策码上查)
 *   GET /t/:ticketId            a ticket's number, status and people ahead
 *   GET /r/:requestNumber       a request's status
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { PolicyDoc } from '@xz/shared/docs/policy';
import {
  isPolicyId,
  isStationId,
  parseRequestNumber,
  parseTicketId,
  requestId,
  stationConfigId,
  stationDbName,
} from '@xz/shared/ids';
import { createStationTime } from '@xz/shared/time';
import type { FastifyReply } from 'fastify';
import { statusOf } from '../../couch/client.ts';
import { targetsStation } from '../../policies/published.ts';
import { html, type Lang, page, type Raw } from './html.ts';

const time = createStationTime('Asia/Shanghai');
const when = (at: number) => `${time.day(at)} ${time.clock(at).hhmm}`;

const T = {
  policies: { zh: '惠企政策', en: 'Business-support policies' },
  notFound: { zh: '未找到', en: 'Not found' },
  noPolicy: { zh: '该政策不存在或已下架。', en: 'This policy does not exist or is no longer published.' },
  department: { zh: '发布部门', en: 'Issued by' },
  beneficiaries: { zh: '惠及对象', en: 'Who benefits' },
  conditions: { zh: '申报条件', en: 'Conditions' },
  benefit: { zh: '扶持内容', en: 'Benefit' },
  window: { zh: '申报时间', en: 'Application window' },
  where: { zh: '办理地点', en: 'Where to apply' },
  phone: { zh: '咨询电话', en: 'Phone' },
  source: { zh: '政策原文', en: 'Source' },
  fullText: { zh: '政策全文', en: 'Full text' },
  exempt: { zh: '免申即享', en: 'Granted without application' },
  valid: { zh: '有效期', en: 'Valid' },
  version: { zh: '版本', en: 'Version' },
  none: { zh: '暂无政策。', en: 'No policies yet.' },
  ticket: { zh: '排队号', en: 'Queue ticket' },
  status: { zh: '状态', en: 'Status' },
  ahead: { zh: '前面等待人数', en: 'People ahead' },
  issued: { zh: '取号时间', en: 'Issued' },
  noTicket: { zh: '未找到该排队号。', en: 'This ticket was not found.' },
  request: { zh: '诉求办理进度', en: 'Request status' },
  noRequest: { zh: '未找到该诉求编号。', en: 'This request number was not found.' },
  submitted: { zh: '提交时间', en: 'Submitted' },
  received: { zh: '中心受理时间', en: 'Received by the district' },
  category: { zh: '类别', en: 'Category' },
} as const;

const TICKET_STATUS: Record<string, { zh: string; en: string }> = {
  waiting: { zh: '等待中', en: 'Waiting' },
  called: { zh: '已叫号，请到窗口', en: 'Called, please go to the counter' },
  served: { zh: '已办结', en: 'Done' },
  'no-show': { zh: '过号', en: 'Missed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

const langOf = (q: { lang?: string }): Lang => (q.lang === 'en' ? 'en' : 'zh');
const other = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

function langLink(lang: Lang, path: string, extra: Record<string, string> = {}): Raw {
  const params = new URLSearchParams({ ...extra, lang: other(lang) });
  return html`<nav><a href="${path}?${params.toString()}" lang="${other(lang) === 'zh' ? 'zh-CN' : 'en'}">${
    other(lang) === 'zh' ? '中文' : 'English'
  }</a></nav>`;
}

function send(reply: FastifyReply, status: number, lang: Lang, title: string, body: Raw) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    )
    .header('x-content-type-options', 'nosniff')
    .send(page(lang, title, body));
}

function policySection(p: PolicyDoc, lang: Lang): Raw {
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
    <p>${c.tags.map((t) => html`<span class="tag">${t}</span>`)}</p>`;
}

const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) });

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
        html`${langLink(lang, `/p/${encodeURIComponent(policyId)}`)}${policySection(doc, lang)}`,
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

  app.get(
    '/t/:ticketId',
    {
      schema: { params: Type.Object({ ticketId: Type.String({ maxLength: 200 }) }), querystring: LangQuery },
    },
    async (request, reply) => {
      const lang = langOf(request.query);
      const parts = parseTicketId(request.params.ticketId);
      type Ticket = {
        type?: string;
        number: string;
        status: string;
        serviceId: string;
        issuedAt: number;
        queuedAt: number;
        day: string;
      };
      const ticket = parts ? await stationDoc<Ticket>(parts.stationId, request.params.ticketId) : undefined;
      if (!parts || !ticket || ticket.type !== 'ticket') {
        return send(
          reply,
          404,
          lang,
          T.notFound[lang],
          html`<h1>${T.ticket[lang]}</h1><p>${T.noTicket[lang]}</p>`,
        );
      }
      let ahead: number | undefined;
      if (ticket.status === 'waiting') {
        const prefix = `ticket:${parts.stationId}:${parts.day}:${parts.serviceId}:`;
        const res = await app.ops.hub.couch
          .db<Ticket>(stationDbName(parts.stationId))
          .list({ include_docs: true, startkey: prefix, endkey: `${prefix}\ufff0` });
        ahead = res.rows.filter((r) => {
          const d = r.doc as Ticket | undefined;
          return d?.status === 'waiting' && r.id !== request.params.ticketId && d.queuedAt < ticket.queuedAt;
        }).length;
      }
      const status = TICKET_STATUS[ticket.status]?.[lang] ?? ticket.status;
      return send(
        reply,
        200,
        lang,
        `${T.ticket[lang]} ${ticket.number}`,
        html`${langLink(lang, `/t/${encodeURIComponent(request.params.ticketId)}`)}
          <h1>${T.ticket[lang]}</h1>
          <section><div class="big">${ticket.number}</div>
          <dl>
            <dt>${T.status[lang]}</dt><dd>${status}</dd>
            ${ahead !== undefined ? html`<dt>${T.ahead[lang]}</dt><dd>${ahead}</dd>` : ''}
            <dt>${T.issued[lang]}</dt><dd>${when(ticket.issuedAt)}</dd>
          </dl></section>
          <p class="muted">${lang === 'zh' ? '刷新页面查看最新状态。' : 'Reload the page for the latest status.'}</p>`,
      );
    },
  );

  app.get(
    '/r/:requestNumber',
    {
      schema: {
        params: Type.Object({ requestNumber: Type.String({ maxLength: 100 }) }),
        querystring: LangQuery,
      },
    },
    async (request, reply) => {
      const lang = langOf(request.query);
      const parts = parseRequestNumber(request.params.requestNumber);
      type Req = { type?: string; number: string; category: string; kioskAt: number; hubReceivedAt?: number };
      const doc = parts ? await stationDoc<Req>(parts.stationId, requestId(parts)) : undefined;
      if (!parts || !doc || doc.type !== 'request') {
        return send(
          reply,
          404,
          lang,
          T.notFound[lang],
          html`<h1>${T.request[lang]}</h1><p>${T.noRequest[lang]}</p>`,
        );
      }
      const state = doc.hubReceivedAt
        ? { zh: '已受理，正在办理', en: 'Received, being handled' }
        : { zh: '已提交，等待受理', en: 'Submitted, waiting to be received' };
      return send(
        reply,
        200,
        lang,
        T.request[lang],
        html`${langLink(lang, `/r/${encodeURIComponent(doc.number)}`)}
          <h1>${T.request[lang]}</h1>
          <section><div class="big" style="font-size:1.3rem">${doc.number}</div>
          <dl>
            <dt>${T.status[lang]}</dt><dd>${state[lang]}</dd>
            <dt>${T.category[lang]}</dt><dd>${doc.category}</dd>
            <dt>${T.submitted[lang]}</dt><dd>${when(doc.kioskAt)}</dd>
            ${doc.hubReceivedAt ? html`<dt>${T.received[lang]}</dt><dd>${when(doc.hubReceivedAt)}</dd>` : ''}
          </dl></section>`,
      );
    },
  );
};

export default publicPages;
