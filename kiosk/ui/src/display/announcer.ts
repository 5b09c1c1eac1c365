/**
 * Sound for the call display: a two-tone chime generated with WebAudio (no audio file) and the
 * call spoken in Chinese by speechSynthesis when the machine has a zh voice (offline voices
 * only are preferred). Browsers allow sound only after a user gesture: call `enable()` from one.
 */

export interface Announcer {
  /** Unlocks audio; returns whether a Chinese voice exists. */
  enable(): Promise<{ voice: boolean }>;
  readonly enabled: boolean;
  announce(number: string, counterId: string): void;
}

/** What is spoken for a call: digits one by one so the voice does not read "一百零一". */
export function spokenCall(number: string, counterId: string): string {
  const spell = (s: string) => s.split('').join(' ');
  return `请 ${spell(number)} 号，到 ${counterId} 号窗口`;
}

export function createAnnouncer(): Announcer {
  let ctx: AudioContext | undefined;
  let voice: SpeechSynthesisVoice | undefined;

  const findVoice = () => {
    if (!('speechSynthesis' in window)) return undefined;
    const zh = speechSynthesis.getVoices().filter((v) => v.lang.toLowerCase().startsWith('zh'));
    return zh.find((v) => v.localService) ?? zh[0];
  };

  const chime = () => {
    if (!ctx) return;
    const t0 = ctx.currentTime;
    [880, 660].forEach((freq, i) => {
      if (!ctx) return;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const start = t0 + i * 0.45;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.9);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.95);
    });
  };

  return {
    get enabled() {
      return ctx !== undefined;
    },
    async enable() {
      ctx ??= new AudioContext();
      await ctx.resume();
      voice = findVoice();
      if (!voice && 'speechSynthesis' in window) {
        await new Promise<void>((resolve) => {
          const done = () => resolve();
          speechSynthesis.addEventListener('voiceschanged', done, { once: true });
          setTimeout(done, 1500);
        });
        voice = findVoice();
      }
      return { voice: voice !== undefined };
    },
    announce(number, counterId) {
      if (!ctx) return;
      chime();
      if (!voice) return;
      const u = new SpeechSynthesisUtterance(spokenCall(number, counterId));
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      setTimeout(() => speechSynthesis.speak(u), 1000);
    },
  };
}
