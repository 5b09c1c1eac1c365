/**
 * Green-channel recognition with the station's lists (which change when the hub publishes new
 * ones) and its deployment key, on the station day; invalid input is a 400 naming the field.
 */
import type { Text2 } from '@xz/shared/contract/agent-api';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import type { GreenChannel, GreenLists, RecogniseResult } from '@xz/shared/green/recognise';
import { translate } from '@xz/shared/i18n/t';

export interface GreenRecogniser {
  recognise(input: { idNumber?: string; creditCode?: string; declaredGroup?: string }): RecogniseResult;
  /** A group's name in both languages (its id when the group is unknown). */
  groupName(groupId: string): Text2;
}

export function createGreenRecogniser(deps: {
  green: GreenChannel;
  lists: () => GreenLists;
  key: Uint8Array;
  /** The station day now. */
  day: () => string;
}): GreenRecogniser {
  return {
    recognise(input) {
      const result = deps.green.recognise({ ...input, day: deps.day(), lists: deps.lists(), key: deps.key });
      if (result.invalid) {
        const { field, reason } = result.invalid;
        throw new DomainError(ErrorCode.Validation, translate('en', reason), {
          field,
          reason: reason.split('.').pop(),
          messageZh: translate('zh-CN', reason),
        });
      }
      return result;
    },
    groupName(groupId) {
      const g = deps.green.group(groupId);
      return g ? { zh: g.zh, en: g.en } : { zh: groupId, en: groupId };
    },
  };
}
