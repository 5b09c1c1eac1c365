/**
 * Slip layouts: plain data in, a PrintDoc out. Pure: no clock, no I/O. Every slip ends with a
 * feed and a cut; a reprint carries a 补打/REPRINT bar right under the station name.
 */
import {
  displayWidth,
  labelValueBlocks,
  type PrintBlock,
  type PrintDoc,
  type PrintTarget,
  ruleBlock,
  textBlocks,
} from './document.ts';
import type {
  GreenSlipInput,
  PolicySlipInput,
  PrintLang,
  PrintRequest,
  RequestReceiptInput,
  TestPageInput,
  TicketPrintInput,
} from './schemas.ts';

export const REPRINT_MARK = '补打 REPRINT';
export const GREEN_CHANNEL_MARK = '绿色通道 GREEN CHANNEL';

const labels = {
  zh: {
    issuedAt: '取号时间',
    ahead: '前面等候',
    aheadValue: (n: number) => `${n} 人`,
    wait: '预计等待',
    waitValue: (min: number, max: number) => (min === max ? `约 ${min} 分钟` : `${min}-${max} 分钟`),
    counters: '办理窗口',
    countersValue: (c: string) => `${c} 号窗口`,
    scanTicket: '扫码查看排队进度',
    ticketNote: '请留意叫号，过号请到窗口咨询',
    reason: '优先原因',
    greenNote: '请留意叫号，到窗口时出示本凭条',
    policyScan: '扫码查看政策全文',
    printedAt: '打印时间',
    requestTitle: '诉求受理回执',
    requestNumber: '诉求编号',
    category: '诉求类别',
    submittedAt: '提交时间',
    deadline: '答复期限',
    requestScan: '扫码查询办理进度',
    testTitle: '打印机测试页',
  },
  en: {
    issuedAt: 'Issued',
    ahead: 'Ahead of you',
    aheadValue: (n: number) => `${n}`,
    wait: 'Est. wait',
    waitValue: (min: number, max: number) => (min === max ? `about ${min} min` : `${min}-${max} min`),
    counters: 'Counter',
    countersValue: (c: string) => c,
    scanTicket: 'Scan to follow your place in the queue',
    ticketNote: 'Please listen for your number',
    reason: 'Priority reason',
    greenNote: 'Show this slip at the counter when called',
    policyScan: 'Scan for the full policy',
    printedAt: 'Printed',
    requestTitle: 'Request receipt',
    requestNumber: 'Request no.',
    category: 'Category',
    submittedAt: 'Submitted',
    deadline: 'Reply by',
    requestScan: 'Scan to track your request',
    testTitle: 'Printer test page',
  },
} as const;

function header(station: { zh: string; en: string }, lang: PrintLang, target: PrintTarget, reprint: boolean) {
  const blocks: PrintBlock[] = [
    ...textBlocks(lang === 'zh' ? station.zh : station.en, target, { align: 'center', bold: true }),
  ];
  if (reprint) blocks.push(...textBlocks(REPRINT_MARK, target, { invert: true, bold: true }));
  blocks.push(ruleBlock(target));
  return blocks;
}

function footer(): PrintBlock[] {
  return [{ type: 'feed', lines: 3 }, { type: 'cut' }];
}

function serviceLines(service: { zh: string; en: string }, lang: PrintLang, target: PrintTarget) {
  const [first, second] = lang === 'zh' ? [service.zh, service.en] : [service.en, service.zh];
  return [
    ...textBlocks(first, target, { align: 'center', bold: true }),
    ...textBlocks(second, target, { align: 'center' }),
  ];
}

function queueFacts(input: TicketPrintInput, lang: PrintLang, target: PrintTarget): PrintBlock[] {
  const l = labels[lang];
  return [
    ...labelValueBlocks(l.issuedAt, input.issuedAt, target),
    ...labelValueBlocks(l.ahead, l.aheadValue(input.ahead), target),
    ...labelValueBlocks(l.wait, l.waitValue(input.waitMinutes.min, input.waitMinutes.max), target),
    ...labelValueBlocks(l.counters, l.countersValue(input.counters), target),
  ];
}

function numberLine(number: string, target: PrintTarget): PrintBlock[] {
  return textBlocks(number, target, { align: 'center', bold: true, width: 2, height: 2 });
}

/** A queue ticket: number double size, service, time, people ahead, wait range, counters, QR. */
export function ticketLayout(input: TicketPrintInput, lang: PrintLang, target: PrintTarget): PrintDoc {
  const l = labels[lang];
  const blocks: PrintBlock[] = [
    ...header(input.station, lang, target, input.reprint === true),
    ...numberLine(input.number, target),
    ...serviceLines(input.service, lang, target),
    ruleBlock(target),
    ...queueFacts(input, lang, target),
    { type: 'qr', data: input.statusUrl, align: 'center' },
    ...textBlocks(l.scanTicket, target, { align: 'center' }),
    ...textBlocks(l.ticketNote, target, { align: 'center' }),
    ...footer(),
  ];
  return { kind: 'ticket', charsPerLine: target.charsPerLine, blocks };
}

/** A green-channel slip: an inverted 绿色通道 GREEN CHANNEL bar and the reason, then the ticket facts. */
export function greenSlipLayout(input: GreenSlipInput, lang: PrintLang, target: PrintTarget): PrintDoc {
  const l = labels[lang];
  const reason = lang === 'zh' ? input.reason.zh : input.reason.en;
  const blocks: PrintBlock[] = [
    ...header(input.station, lang, target, input.reprint === true),
    ...textBlocks(GREEN_CHANNEL_MARK, target, { invert: true, bold: true, height: 2 }),
    ...numberLine(input.number, target),
    ...serviceLines(input.service, lang, target),
    ...labelValueBlocks(l.reason, `${reason} (${input.reason.code})`, target),
    ruleBlock(target),
    ...queueFacts(input, lang, target),
    { type: 'qr', data: input.statusUrl, align: 'center' },
    ...textBlocks(l.scanTicket, target, { align: 'center' }),
    ...textBlocks(l.greenNote, target, { align: 'center' }),
    ...footer(),
  ];
  return { kind: 'green-slip', charsPerLine: target.charsPerLine, blocks };
}

/** A policy slip: title, key facts (label: value), QR to the full text. */
export function policySlipLayout(input: PolicySlipInput, lang: PrintLang, target: PrintTarget): PrintDoc {
  const l = labels[lang];
  const facts = input.facts.flatMap((fact) => [
    ...textBlocks(fact.label, target, { bold: true }),
    ...textBlocks(fact.value, target),
  ]);
  const blocks: PrintBlock[] = [
    ...header(input.station, lang, target, input.reprint === true),
    ...textBlocks(input.title, target, { align: 'center', bold: true }),
    ruleBlock(target),
    ...facts,
    ruleBlock(target),
    ...labelValueBlocks(l.printedAt, input.printedAt, target),
    { type: 'qr', data: input.url, align: 'center' },
    ...textBlocks(l.policyScan, target, { align: 'center' }),
    ...footer(),
  ];
  return { kind: 'policy-slip', charsPerLine: target.charsPerLine, blocks };
}

/** A request receipt: request number (large), times, QR to track the request. */
export function requestReceiptLayout(
  input: RequestReceiptInput,
  lang: PrintLang,
  target: PrintTarget,
): PrintDoc {
  const l = labels[lang];
  const category = input.category ? (lang === 'zh' ? input.category.zh : input.category.en) : undefined;
  const blocks: PrintBlock[] = [
    ...header(input.station, lang, target, input.reprint === true),
    ...textBlocks(l.requestTitle, target, { align: 'center', bold: true }),
    ...textBlocks(l.requestNumber, target, { align: 'center' }),
    // Double width when it fits on one line, else double height only: a number read aloud on the
    // phone should not be split.
    ...textBlocks(input.requestNumber, target, {
      align: 'center',
      bold: true,
      width: displayWidth(input.requestNumber) * 2 <= target.charsPerLine ? 2 : 1,
      height: 2,
    }),
    ruleBlock(target),
    ...(category ? labelValueBlocks(l.category, category, target) : []),
    ...labelValueBlocks(l.submittedAt, input.submittedAt, target),
    ...(input.deadline ? labelValueBlocks(l.deadline, input.deadline, target) : []),
    { type: 'qr', data: input.trackUrl, align: 'center' },
    ...textBlocks(l.requestScan, target, { align: 'center' }),
    ...footer(),
  ];
  return { kind: 'request-receipt', charsPerLine: target.charsPerLine, blocks };
}

/** A test page for a printer profile: settings, a ruler, Chinese and Latin text, sizes, inversion, QR. */
export function testPageLayout(input: TestPageInput, lang: PrintLang, target: PrintTarget): PrintDoc {
  const l = labels[lang];
  const p = input.profile;
  const ruler = Array.from({ length: target.charsPerLine }, (_, i) => String((i + 1) % 10)).join('');
  const blocks: PrintBlock[] = [
    ...textBlocks(l.testTitle, target, { align: 'center', bold: true }),
    ...(input.reprint === true ? textBlocks(REPRINT_MARK, target, { invert: true, bold: true }) : []),
    ruleBlock(target),
    ...labelValueBlocks('profile', p.id, target),
    ...labelValueBlocks('model', p.model, target),
    ...labelValueBlocks('paper', `${p.paperWidthMm} mm, ${p.charsPerLine} cols`, target),
    ...labelValueBlocks('code page', p.codePage, target),
    ...labelValueBlocks('serial', `${p.baudRate} baud, ${p.flowControl}`, target),
    ...labelValueBlocks('cutter', p.cutter, target),
    ...labelValueBlocks(l.printedAt, input.printedAt, target),
    ruleBlock(target),
    { type: 'text', text: ruler, align: 'left', bold: false, invert: false, width: 1, height: 1 },
    ...textBlocks('中文测试：营商环境服务小站 绿色通道 补打', target),
    ...textBlocks('ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789', target),
    ...textBlocks('bold 粗体', target, { bold: true }),
    ...textBlocks('inverted 反白', target, { invert: true }),
    ...textBlocks('A001', target, { align: 'center', width: 2, height: 2 }),
    ...(p.qrNative ? ([{ type: 'qr', data: `xz-test:${p.id}`, align: 'center' }] as const) : []),
    ...footer(),
  ];
  return { kind: 'test-page', charsPerLine: target.charsPerLine, blocks };
}

/** Lays out any print request; `reprint` forces the 补打/REPRINT mark. */
export function layoutPrintRequest(
  request: PrintRequest,
  target: PrintTarget,
  options: { reprint?: boolean } = {},
): PrintDoc {
  const reprint = options.reprint === true || request.data.reprint === true;
  switch (request.kind) {
    case 'ticket':
      return ticketLayout({ ...request.data, reprint }, request.lang, target);
    case 'green-slip':
      return greenSlipLayout({ ...request.data, reprint }, request.lang, target);
    case 'policy-slip':
      return policySlipLayout({ ...request.data, reprint }, request.lang, target);
    case 'request-receipt':
      return requestReceiptLayout({ ...request.data, reprint }, request.lang, target);
    case 'test-page':
      return testPageLayout({ ...request.data, reprint }, request.lang, target);
    default: {
      const never: never = request;
      throw new Error(`unknown print kind ${JSON.stringify(never)}`);
    }
  }
}
