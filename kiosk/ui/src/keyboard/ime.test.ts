import PinyinMatch from 'pinyin-match';
import chinese from 'simple-keyboard-layouts/build/layouts/chinese';
import { describe, expect, it } from 'vitest';
import { createIme } from './ime.ts';
import { PHRASES } from './phrases.ts';

const chars = (chinese as { layoutCandidates?: Record<string, string> }).layoutCandidates ?? {};
const ime = createIme({ chars, phrases: PHRASES, match: PinyinMatch.match });
const texts = (letters: string) => ime.candidates(letters).map((c) => c.text);

describe('pinyin input on the kiosk keyboard', () => {
  it('offers the word first when its full pinyin is typed: butie → 补贴, qiye → 企业', () => {
    expect(texts('butie')[0]).toBe('补贴');
    expect(texts('qiye')[0]).toBe('企业');
    expect(ime.candidates('rongzi')[0]).toEqual({ text: '融资', consumes: 6 });
  });

  it('offers words by their initials too: bt → 补贴', () => {
    expect(texts('bt')).toContain('补贴');
  });

  it('after the words, the characters of the first syllable, most frequent first', () => {
    const list = ime.candidates('butie');
    const firstChar = list.findIndex((c) => [...c.text].length === 1);
    expect(list.slice(firstChar).every((c) => c.consumes === 2)).toBe(true);
    expect(list[firstChar].text).toBe('不');
    expect(texts('butie')).toContain('补');
    expect(ime.firstSyllable('zhuang')).toBe('zhuang');
    expect(ime.firstSyllable('xian')).toBe('xian');
  });

  it('offers nothing for nothing, and no candidate twice', () => {
    expect(ime.candidates('')).toEqual([]);
    const all = texts('qi');
    expect(new Set(all).size).toBe(all.length);
  });
});
