import { describe, expect, it } from 'vitest';
import groups from '../../data/special-groups.json' with { type: 'json' };
import { DomainError, ErrorCode } from '../errors.ts';
import {
  errorMessageKey,
  isMessageKey,
  LANGS,
  messageKeys,
  placeholdersOf,
  t,
  toLang,
  translate,
} from './t.ts';

describe('message catalogues', () => {
  it('have exactly the same keys in Chinese and English', () => {
    expect([...messageKeys('en')].sort()).toEqual([...messageKeys('zh-CN')].sort());
  });

  it('use the same placeholders for every key in both languages', () => {
    const mismatches = messageKeys().filter(
      (key) =>
        placeholdersOf(translateRaw('zh-CN', key)).join() !== placeholdersOf(translateRaw('en', key)).join(),
    );
    expect(mismatches).toEqual([]);
  });

  it('have no empty message and no untranslated Chinese in English', () => {
    for (const lang of LANGS)
      for (const key of messageKeys(lang))
        expect(translateRaw(lang, key).trim(), `${lang} ${key}`).not.toBe('');
    for (const key of messageKeys('en')) expect(translateRaw('en', key), key).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('cover every error code and every green-channel group', () => {
    for (const code of Object.values(ErrorCode)) expect(isMessageKey(errorMessageKey(code)), code).toBe(true);
    for (const g of groups.groups) {
      expect(translate('zh-CN', `green.group.${g.id}`)).toBe(g.zh);
      expect(translate('en', `green.group.${g.id}`)).toBe(g.en);
    }
  });
});

describe('t', () => {
  it('fills params', () => {
    expect(t('zh-CN', 'slip.ahead', { count: 3 })).toBe('前面还有3人');
    expect(t('en', 'slip.ahead', { count: 3 })).toBe('3 ahead of you');
    expect(t('zh-CN', 'slip.wait', { min: 10, max: 20 })).toBe('预计等候10–20分钟');
    expect(t('en', 'call.rule.aging', { minutes: 31, threshold: 30 })).toBe(
      'A normal ticket waited 31 min, over the 30 min limit, so it goes first',
    );
    expect(t('zh', 'call.rule.green-quota', { streak: 2, quota: 2 })).toBe(
      '已连续呼叫2位绿色通道（上限2位），本次呼叫普通号',
    );
    expect(t('en', 'slip.reprint')).toBe('REPRINT');
  });

  it('refuses a missing param instead of printing a placeholder', () => {
    // @ts-expect-error the compiler already asks for {count}
    expect(() => t('zh-CN', 'slip.ahead')).toThrow(DomainError);
    expect(() => translate('en', 'slip.wait', { min: 3 })).toThrow(/\{max\}/);
  });

  it('has a text for every rule the calling policy records, with the params it records', () => {
    const rules = [
      'manual',
      'fifo',
      'green-first',
      'green-quota',
      'aging',
      'reserved-counter',
      'strict-priority',
      'transfer-front',
    ];
    const recorded = {
      minutes: 12,
      streak: 3,
      quota: 3,
      threshold: 10,
      group: 'elderly',
      kind: 'green',
      by: 's1',
    };
    for (const rule of rules)
      for (const lang of LANGS) expect(translate(lang, `call.rule.${rule}`, recorded)).not.toMatch(/[{}]/);
  });

  it('reads language tags', () => {
    expect(toLang('en-GB')).toBe('en');
    expect(toLang('zh-Hans-CN')).toBe('zh-CN');
    expect(toLang('fr')).toBe('zh-CN');
  });

  it('translates run-time keys and refuses unknown ones', () => {
    expect(translate('en', 'id.check-digit')).toMatch(/does not match/);
    expect(translate('zh-CN', errorMessageKey(ErrorCode.CalendarYearUnknown), { year: 2027 })).toContain(
      '2027年',
    );
    expect(() => translate('en', 'no.such.key')).toThrow(/no message/);
  });
});

function translateRaw(lang: (typeof LANGS)[number], key: string): string {
  // Placeholders kept: fill each with its own name.
  return translate(lang, key, new Proxy({}, { get: (_, name) => `{${String(name)}}` }));
}
