/**
 * Message lookup for every string the domain produces, in Chinese (default) and English.
 * `t(lang, key, params)` fills {param} placeholders; the compiler knows which params each key
 * takes (from the Chinese catalogue), and a missing param is an error, never a stray "{count}".
 */
import { DomainError, ErrorCode } from '../errors.ts';
import { en } from './en.ts';
import { type MessageKey, zhCN } from './zh-cn.ts';

export type { MessageKey } from './zh-cn.ts';

export type Lang = 'zh-CN' | 'en';
/** A language as other modules may name it: 'zh' is accepted for 'zh-CN'. */
export type LangLike = Lang | 'zh';
export const LANGS: readonly Lang[] = Object.freeze(['zh-CN', 'en'] as const);
export const DEFAULT_LANG: Lang = 'zh-CN';

export type ParamValue = string | number;

/** Placeholder names in a message template, e.g. 'count' | 'minutes'. */
export type ParamNames<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | ParamNames<Rest>
  : never;

export type MessageParams<K extends MessageKey> = {
  readonly [P in ParamNames<(typeof zhCN)[K]>]: ParamValue;
};

type ParamArgs<K extends MessageKey> = [ParamNames<(typeof zhCN)[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];

const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = Object.freeze({
  'zh-CN': zhCN,
  en,
});

export function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}

/** The catalogue language for a tag such as 'zh', 'zh-CN', 'zh-Hans-CN' or 'en-GB'; Chinese otherwise. */
export function toLang(tag: string): Lang {
  return /^en(?:-|$)/i.test(tag) ? 'en' : 'zh-CN';
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(zhCN, value);
}

/** All message keys, in catalogue order. */
export function messageKeys(lang: Lang = DEFAULT_LANG): MessageKey[] {
  return Object.keys(CATALOGUES[lang]) as MessageKey[];
}

/** Placeholder names used in a template, sorted and without duplicates. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]))].sort();
}

function fill(lang: Lang, key: string, template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
      return String(value);
    throw new DomainError(ErrorCode.Validation, `message ${key} (${lang}) needs the parameter {${name}}`, {
      key,
      param: name,
    });
  });
}

/** The message for a key in a language, with its {param} placeholders filled. */
export function t<K extends MessageKey>(lang: LangLike, key: K, ...params: ParamArgs<K>): string {
  const l = lang === 'zh' ? 'zh-CN' : lang;
  return fill(l, key, CATALOGUES[l][key], params[0] ?? {});
}

/**
 * The same as `t` for keys built at run time (a reason key carried in an event, an error code):
 * an unknown key or a missing parameter throws XZ_ERR_VALIDATION.
 */
export function translate(
  lang: LangLike,
  key: string,
  params: Readonly<Record<string, unknown>> = {},
): string {
  if (!isMessageKey(key)) {
    throw new DomainError(ErrorCode.Validation, `no message for key ${key}`, { key });
  }
  const l = lang === 'zh' ? 'zh-CN' : lang;
  return fill(l, key, CATALOGUES[l][key], params);
}

/** The message key of an error code. */
export function errorMessageKey(code: ErrorCode): MessageKey {
  return `error.${code}`;
}
