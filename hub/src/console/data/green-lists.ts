/**
 * Green-channel lists as the console shows them: each group's name from the shared group data,
 * the words for a list's kind and format, a refused file's lines with their reasons in Chinese and
 * English (never a code, never the line's content).
 */
import specialGroups from '@xz/shared/data/special-groups.json' with { type: 'json' };
import type { ApiError, GreenListUpload } from './api.ts';
import type { Words } from './case-words.ts';

export type ListKind = GreenListUpload['kind'];
export type ListFormat = GreenListUpload['format'];

/** The name of a green-channel group, as the kiosk and the slips say it. */
export function groupWords(groupId: string): Words {
  const group = (specialGroups.groups as readonly { id: string; zh: string; en: string }[]).find(
    (g) => g.id === groupId,
  );
  return group ? { zh: group.zh, en: group.en } : { zh: '未知群体', en: 'Unknown group' };
}

export const KIND_WORDS: Readonly<Record<ListKind, Words>> = {
  id: { zh: '居民身份证号码', en: 'Resident ID numbers' },
  credit: { zh: '统一社会信用代码', en: 'Unified social credit codes' },
};

export const FORMAT_WORDS: Readonly<Record<ListFormat, Words>> = {
  csv: {
    zh: 'CSV 号码文件（第一列为号码，在本系统中计算哈希）',
    en: 'CSV of numbers (first column; hashed by the hub)',
  },
  hashes: {
    zh: '哈希列表（每行一个，用同一部署密钥生成）',
    en: 'List of hashes (one a line, made with the same deployment key)',
  },
};

/** Why a line of an uploaded file was refused (`readListUpload`'s reasons). */
export const LINE_REASON_WORDS: Readonly<Record<string, Words>> = {
  'id.length': { zh: '身份证号码应为 18 位', en: 'An ID number has 18 characters' },
  'id.format': { zh: '身份证号码含有不允许的字符', en: 'The ID number holds characters it may not' },
  'id.birth-date': { zh: '身份证号码中的出生日期无效', en: 'The birth date in the ID number is not valid' },
  'id.check-digit': { zh: '身份证号码校验位不正确', en: 'The ID number’s check digit does not match' },
  'credit.length': { zh: '统一社会信用代码应为 18 位', en: 'A credit code has 18 characters' },
  'credit.format': {
    zh: '统一社会信用代码含有不允许的字符',
    en: 'The credit code holds characters it may not',
  },
  'credit.check-char': {
    zh: '统一社会信用代码校验位不正确',
    en: 'The credit code’s check character does not match',
  },
  'hash.format': {
    zh: '不是本系统的哈希值（64 位十六进制）',
    en: 'Not a hash of this system (64 hex digits)',
  },
};
const OTHER_REASON: Words = { zh: '该行无效', en: 'This line is not valid' };

export interface RefusedLine {
  line: number;
  reason: Words;
}

/** The lines a refused upload names, in file order; empty when the refusal is not about lines. */
export function refusedLines(error: ApiError): RefusedLine[] {
  if (error.reason !== 'lines' || !error.problems) return [];
  return error.problems
    .filter((p): p is { line: number; reason: string } => typeof p.line === 'number')
    .map((p) => ({ line: p.line, reason: LINE_REASON_WORDS[String(p.reason)] ?? OTHER_REASON }))
    .sort((a, b) => a.line - b.line);
}

export const GREEN_LIST_WORDS = {
  noFile: { zh: '请选择文件。', en: 'Choose a file.' },
  empty: { zh: '文件是空的。', en: 'The file is empty.' },
  tooLarge: { zh: '文件超过 16 MB。', en: 'The file is larger than 16 MB.' },
  refused: (count: number): Words => ({
    zh: `名单未发布：有 ${count} 行不符合要求，请修改后重新上传。`,
    en: `Not published: ${count} line(s) are not valid; correct them and upload again.`,
  }),
  more: (shown: number): Words => ({
    zh: `（仅列出前 ${shown} 行）`,
    en: `(the first ${shown} lines only)`,
  }),
  published: (version: number, count: number): Words => ({
    zh: `已发布第 ${version} 版，共 ${count} 个号码，将发送到各站点。`,
    en: `Version ${version} published with ${count} numbers; it goes out to every station.`,
  }),
} as const;

/** Largest file the hub takes (`PUT /api/green-lists/:groupId`). */
export const MAX_LIST_BYTES = 16 * 1024 * 1024;
