/**
 * Pinyin input, pure: from the Latin letters typed so far to the Chinese candidates offered.
 * Whole words come first (a phrase whose pinyin or initials the letters spell: `qiye`, `qy` →
 * 企业), then the characters of the first syllable (`qiye` → 起 企 其 …), most frequent first.
 * Choosing a candidate consumes the letters it stands for; the rest stay for the next choice.
 * The dictionaries are passed in, so the module itself weighs nothing until they load.
 */

/** Where letters spell Chinese text (pinyin-match's `match`): the range of characters matched, or false. */
export type SpellMatcher = (text: string, letters: string) => [number, number] | false;

export interface ImeDictionary {
  /** Syllable → its characters, most frequent first (space-separated or not). */
  chars: Readonly<Record<string, string>>;
  /** Words offered whole. */
  phrases: readonly string[];
  match: SpellMatcher;
}

export interface Candidate {
  text: string;
  /** How many of the typed letters it stands for. */
  consumes: number;
}

export interface Ime {
  /** Candidates for the letters typed, words first, without repeats. */
  candidates(letters: string, limit?: number): Candidate[];
  /** The syllable at the start of the letters (longest known), or undefined. */
  firstSyllable(letters: string): string | undefined;
}

export function createIme(dict: ImeDictionary): Ime {
  const chars = new Map<string, string[]>();
  for (const [syllable, list] of Object.entries(dict.chars)) {
    chars.set(syllable, [...list.replace(/\s+/g, '')]);
  }
  const longest = Math.max(...[...chars.keys()].map((k) => k.length));
  const phrases = [...new Set(dict.phrases.filter((p) => [...p].length >= 2))];

  const firstSyllable = (letters: string): string | undefined => {
    for (let n = Math.min(longest, letters.length); n > 0; n--) {
      const s = letters.slice(0, n);
      if (chars.has(s)) return s;
    }
    return undefined;
  };

  return {
    firstSyllable,
    candidates(letters, limit = 60) {
      const input = letters.toLowerCase().replace(/[^a-z]/g, '');
      if (!input) return [];
      const out: Candidate[] = [];
      const seen = new Set<string>();
      const add = (text: string, consumes: number) => {
        if (seen.has(text) || out.length >= limit) return;
        seen.add(text);
        out.push({ text, consumes });
      };
      // Whole words the letters spell from their first character to their last.
      for (const p of phrases) {
        const m = dict.match(p, input);
        if (m && m[0] === 0 && m[1] === [...p].length - 1) add(p, input.length);
      }
      // Then the characters of the first syllable (or of the first letter, as an initial).
      const syllable = firstSyllable(input);
      if (syllable) for (const c of chars.get(syllable) ?? []) add(c, syllable.length);
      else {
        for (const [s, list] of chars) if (s.startsWith(input)) add(list[0], input.length);
      }
      return out;
    },
  };
}
