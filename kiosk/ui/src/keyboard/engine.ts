/**
 * The on-screen keyboard's heavy part, loaded only when a text field opens (or a search needs
 * pinyin): simple-keyboard for the keys, the pinyin character table of its Chinese layout
 * (simple-keyboard-layouts, from pinyinjs, most frequent characters first), pinyin-match to
 * spell words and policy titles in pinyin or initials, and the phrase list with the policy
 * dictionary's words.
 */
import { defaultPolicyTags } from '@xz/shared/policy/tags';
import PinyinMatch from 'pinyin-match';
import SimpleKeyboard from 'simple-keyboard';
import chinese from 'simple-keyboard-layouts/build/layouts/chinese';
import { createIme } from './ime.ts';
import { PHRASES } from './phrases.ts';

const candidates = (chinese as { layoutCandidates?: Record<string, string> }).layoutCandidates ?? {};

const dictionaryWords = defaultPolicyTags().flatMap((t) =>
  [t.label.zh, ...t.synonyms].filter((w) => /[\u3400-\u9fff]/.test(w)),
);

export const match = PinyinMatch.match;
export const ime = createIme({ chars: candidates, phrases: [...PHRASES, ...dictionaryWords], match });
export { SimpleKeyboard };
