import { describe, expect, it } from 'vitest';
import groups from '../../data/special-groups.json' with { type: 'json' };
import { DomainError, ErrorCode } from '../errors.ts';
import { errorMessageKey, isMessageKey, LANGS, messageKeys, placeholdersOf, t, translate } from './t.ts';

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
    expect(t('en', 'call.rule.aging', { minutes: 30 })).toBe(
      'A normal ticket waiting more than 30 minutes is called first',
    );
    expect(t('zh-CN', 'call.rule.green-quota', { count: 2 })).toBe('已连续呼叫2位绿色通道，本次呼叫普通号');
    expect(t('en', 'slip.reprint')).toBe('REPRINT');
  });

  it('refuses a missing param instead of printing a placeholder', () => {
    // @ts-expect-error the compiler already asks for {count}
    expect(() => t('zh-CN', 'slip.ahead')).toThrow(DomainError);
    expect(() => translate('en', 'slip.wait', { min: 3 })).toThrow(/\{max\}/);
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
