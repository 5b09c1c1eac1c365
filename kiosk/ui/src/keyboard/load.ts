/**
 * Loads the keyboard's engine (keys, pinyin table, matcher) once, on first need, so the kiosk's
 * first load carries none of it.
 */
type Engine = typeof import('./engine.ts');

let loading: Promise<Engine> | undefined;

export function loadKeyboardEngine(): Promise<Engine> {
  loading ??= import('./engine.ts').catch((err) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
