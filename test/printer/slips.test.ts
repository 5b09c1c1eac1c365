/**
 * Every slip kind for both paper widths through the real print path (encoder → serial port →
 * socat pty → virtual ESC/POS printer), read back as the printer rendered it: no line breaks
 * inside a number or a bracketed group, the station's long name and the request number whole,
 * and the policy slip carrying conditions and issuing department under the screen's labels.
 */

import { loadProfile } from '@xz/firmware-config/config';
import type { KioskPolicy } from '@xz/kiosk/policies';
import { encodePrintRequest } from '@xz/kiosk/printer/encoder';
import { openSerialTransport } from '@xz/kiosk/printer/serial';
import { policySlipFacts } from '@xz/kiosk/printing';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import sample from '@xz/shared/data/policies.sample.json' with { type: 'json' };
import { POLICY_FIELD_LABELS } from '@xz/shared/docs/policy-labels';
import { displayWidth } from '@xz/shared/print/document';
import type { PrintLang, PrintRequest } from '@xz/shared/print/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import station from '../../firmware-config/stations/demo.json' with { type: 'json' };
import { tempDir } from './fixtures.ts';

const NAME = station.name;
const REQUEST_NUMBER = 'XHD-LINGZHU-01-20261201-0001';
const POLICY = (sample.policies as unknown as KioskPolicy[]).find((p) => p.id === 'ip-pledge-financing')!;
const base = {
  number: 'B012',
  service: { zh: '税务服务', en: 'Tax services' },
  issuedAt: '2026-12-01 09:15',
  ahead: 12,
  waitMinutes: { min: 15, max: 30 },
  counters: '1-3',
  statusUrl: 'https://hub.example.cn/t/xhd-lingzhu-01/2026-12-01/B012',
  station: NAME,
};

function slips(lang: PrintLang, profile: ReturnType<typeof loadProfile>): Record<string, PrintRequest> {
  return {
    ticket: { kind: 'ticket', lang, data: base },
    'green-slip': {
      kind: 'green-slip',
      lang,
      data: {
        ...base,
        number: 'A001',
        reason: { code: 'ELDERLY', zh: '老年人（60周岁以上）', en: 'Senior (60 and over)' },
      },
    },
    'policy-slip': {
      kind: 'policy-slip',
      lang,
      data: {
        title: lang === 'zh' ? POLICY.title.zh : POLICY.title.en,
        facts: policySlipFacts(POLICY, lang),
        url: 'https://hub.example.cn/p/ip-pledge-financing',
        printedAt: '2026-12-01 09:20',
        station: NAME,
      },
    },
    'request-receipt': {
      kind: 'request-receipt',
      lang,
      data: {
        requestNumber: REQUEST_NUMBER,
        category: { zh: '企业诉求', en: 'Business matter' },
        submittedAt: '2026-12-01 09:30',
        deadline: '2026-12-04 24:00',
        // The link carries the request's key (16 random bytes, base64url).
        trackUrl: `https://hub.example.cn/r/${REQUEST_NUMBER}?k=AAECAwQFBgcICQoLDA0ODw`,
        station: NAME,
      },
    },
    'test-page': {
      kind: 'test-page',
      lang,
      data: {
        profile: {
          id: profile.id,
          model: profile.model,
          paperWidthMm: profile.paperWidthMm,
          charsPerLine: profile.charsPerLine,
          codePage: profile.codePage,
          baudRate: profile.baudRate,
          flowControl: profile.flowControl,
          qrNative: profile.qr.native,
          cutter: profile.cutter,
        },
        printedAt: '2026-12-01 09:40',
      },
    },
  };
}

const PAIRS: [string, string][] = [
  ['（', '）'],
  ['(', ')'],
  ['【', '】'],
  ['[', ']'],
];

/**
 * Bracketed groups split over lines although they would fit on one (a group wider than the paper
 * has to break), and closing brackets without an opening one.
 */
function brokenGroups(lines: string[], columns: number): string[] {
  const found: string[] = [];
  const text = lines.map((l) => l.trim()).join('\n');
  for (const [open, close] of PAIRS) {
    let depth = 0;
    let start = -1;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === open && depth++ === 0) start = i;
      if (text[i] === close) {
        if (depth === 0) found.push(`stray ${close} in ${text.slice(Math.max(0, i - 20), i + 1)}`);
        else if (--depth === 0) {
          const group = text.slice(start, i + 1);
          if (group.includes('\n') && displayWidth(group.replace(/\n/g, ' ')) <= columns) found.push(group);
        }
      }
    }
  }
  return found;
}

/** Consecutive lines where a number was cut: one ends in a digit and the next starts with one. */
function splitNumbers(lines: string[]): string[] {
  const found: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1].trimEnd();
    const next = lines[i].trimStart();
    if (/\d$/.test(prev) && /^\d/.test(next) && !/^[-=]+$/.test(prev)) found.push(`${prev} / ${next}`);
  }
  return found;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
});

for (const profileId of ['generic-58', 'generic-80']) {
  describe(`every slip on ${profileId}`, () => {
    for (const lang of ['zh', 'en'] as const) {
      it(`${lang}: no number or bracketed group broken across lines`, async () => {
        const profile = loadProfile(profileId);
        const dir = await tempDir('slips');
        cleanups.push(dir.remove);
        const printer = await startVirtualPrinter({ dir: dir.path, charsPerLine: profile.charsPerLine });
        cleanups.push(() => printer.close());
        const port = await openSerialTransport({ path: printer.path, profile });
        cleanups.push(() => port.close());

        const requests = slips(lang, profile);
        for (const request of Object.values(requests)) await port.write(encodePrintRequest(request, profile));
        const jobs = await printer.waitForJobs(Object.keys(requests).length, 20_000);
        // The device draws the paper as a box (│ … │); what is inside is the printed line.
        const paper = (text: string) =>
          text
            .split('\n')
            .filter((l) => l.startsWith('│'))
            .map((l) => l.slice(1, -1));
        const byKind = Object.fromEntries(Object.keys(requests).map((k, i) => [k, paper(jobs[i].text)]));

        for (const [kind, lines] of Object.entries(byKind)) {
          const printed = lines.filter((l) => !l.startsWith('[QR'));
          expect(brokenGroups(printed, profile.charsPerLine), `${kind}\n${lines.join('\n')}`).toEqual([]);
          expect(splitNumbers(printed), `${kind}\n${lines.join('\n')}`).toEqual([]);
        }
        const all = (kind: string) => byKind[kind].map((l) => l.trim());
        // The station's long name keeps its bracketed part on one line.
        const bracket = lang === 'zh' ? '（24小时自助）' : '(24-hour self-service)';
        expect(all('ticket').some((l) => l.includes(bracket))).toBe(true);
        // The request number on one line, whole.
        expect(all('request-receipt').some((l) => l.replace(/\s/g, '').includes(REQUEST_NUMBER))).toBe(true);
        // The policy slip: conditions and issuing department, under the screen's words.
        const labels = POLICY_FIELD_LABELS[lang];
        const policy = all('policy-slip');
        for (const key of ['department', 'conditions', 'benefit', 'beneficiaries'] as const) {
          expect(policy, key).toContain(labels[key]);
        }
        expect(policy.join('')).toContain(
          lang === 'zh' ? POLICY.department.zh : POLICY.department.en.split(' ')[0],
        );
      }, 60_000);
    }
  });
}
