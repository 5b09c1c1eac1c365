/**
 * The checks a service makes on what a citizen typed, before deciding: a phone number and a
 * credit code are validated and normalised (a credit code is kept only as its keyed hash), and a
 * document built from the input is checked against the shared document schema before it is
 * written. Each failure is a 400 naming the field.
 */
import { type DocOf, type DocType, validateDocAs } from '@xz/shared/docs/validate';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { translate } from '@xz/shared/i18n/t';
import { validateCreditCode } from '@xz/shared/validate/credit-code';
import { hashIdentifier } from '@xz/shared/validate/hash';
import { validatePhone } from '@xz/shared/validate/phone';

/** The phone in its normalised form, or XZ_ERR_VALIDATION on field 'phone'. */
export function phoneOrThrow(phone: string): string {
  const r = validatePhone(phone);
  if (!r.ok) {
    throw new DomainError(ErrorCode.Validation, translate('en', `phone.${r.reason}`), {
      field: 'phone',
      reason: r.reason,
      messageZh: translate('zh-CN', `phone.${r.reason}`),
    });
  }
  return r.normalised;
}

/** The keyed hash of a valid credit code (none for an empty one), or XZ_ERR_VALIDATION on 'creditCode'. */
export function creditHashOrThrow(key: Uint8Array, creditCode: string | undefined): string | undefined {
  if (!creditCode?.trim()) return undefined;
  const c = validateCreditCode(creditCode);
  if (!c.ok) {
    throw new DomainError(ErrorCode.Validation, translate('en', `credit.${c.reason}`), {
      field: 'creditCode',
      reason: c.reason,
      messageZh: translate('zh-CN', `credit.${c.reason}`),
    });
  }
  return hashIdentifier(key, 'credit', c.normalised);
}

/** The document if it is a valid document of its type; otherwise XZ_ERR_VALIDATION naming the field. */
export function checkedDoc<T extends DocType>(type: T, doc: DocOf<T>): DocOf<T> {
  const checked = validateDocAs(type, doc);
  if (checked.ok) return checked.doc;
  const [first] = checked.errors;
  const field = first?.path.replace(/^\//, '').split('/')[0];
  throw new DomainError(ErrorCode.Validation, `The ${type} is not valid: ${first?.message ?? 'unknown'}.`, {
    ...(field ? { field } : {}),
    messageZh: '输入内容不符合要求。',
  });
}
