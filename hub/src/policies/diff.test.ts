import { describe, expect, it } from 'vitest';
import { diffFields } from './diff.ts';

describe('diffFields', () => {
  it('names each changed leaf, zh and en separately, and whole arrays', () => {
    const a = { content: { title: { zh: '甲', en: 'A' }, tags: ['x'], fullText: { zh: 'z', en: 'e' } } };
    const b = {
      content: { title: { zh: '乙', en: 'A' }, tags: ['x', 'y'], sourceUrl: 'https://example.org' },
    };
    expect(diffFields(a, b)).toEqual([
      { path: 'content.fullText.en', from: 'e', kind: 'removed' },
      { path: 'content.fullText.zh', from: 'z', kind: 'removed' },
      { path: 'content.sourceUrl', to: 'https://example.org', kind: 'added' },
      { path: 'content.tags', from: ['x'], to: ['x', 'y'], kind: 'changed' },
      { path: 'content.title.zh', from: '甲', to: '乙', kind: 'changed' },
    ]);
    expect(diffFields(a, structuredClone(a))).toEqual([]);
  });
});
