/**
 * Recognises a keyboard-wedge scan on screens without a code field: characters arriving
 * faster than a person types, ending with Enter. Pure state machine; the caller feeds keys.
 */
export interface ScanBurst {
  /** Feed one key with its time; returns the scanned code when Enter completes a burst. */
  key(key: string, at: number): string | undefined;
}

export function createScanBurst(opts: { maxGapMs?: number; minLength?: number } = {}): ScanBurst {
  const maxGap = opts.maxGapMs ?? 60;
  const minLength = opts.minLength ?? 15;
  let buf = '';
  let lastAt = 0;
  return {
    key(key, at) {
      if (at - lastAt > maxGap) buf = '';
      lastAt = at;
      if (key === 'Enter') {
        const code = buf;
        buf = '';
        return code.length >= minLength ? code.toUpperCase() : undefined;
      }
      if (key.length === 1 && /[0-9A-Za-z]/.test(key)) buf += key;
      else buf = '';
      return undefined;
    },
  };
}
