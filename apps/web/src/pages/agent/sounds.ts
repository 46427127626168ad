import type { Cue } from './deskState';

/** [frequency Hz, duration ms] notes; 0 Hz is a rest. Each cue has its own pitch and rhythm. */
const PATTERNS: Record<Cue, readonly (readonly [number, number])[]> = {
  // A rising pair, repeated: something to pick up.
  offered: [
    [660, 140],
    [880, 180],
    [0, 120],
    [660, 140],
    [880, 180],
  ],
  // One low tone: the customer is waiting on hold.
  held: [[330, 400]],
  // A short bright blip: connected.
  answered: [
    [1046, 90],
    [0, 40],
    [1318, 120],
  ],
  // Falling: the call is over.
  ended: [
    [784, 140],
    [523, 220],
  ],
};

let context: AudioContext | null = null;

/**
 * Plays a cue of OUT-05 with WebAudio (no audio files): short sine tones at a low volume.
 * Browsers start audio only after the user touched the page; until then this stays silent.
 */
export function playCue(kind: Cue): void {
  const Ctor = globalThis.AudioContext;
  if (!Ctor) return;
  context ??= new Ctor();
  const ctx = context;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
  let t = ctx.currentTime + 0.02;
  for (const [hz, ms] of PATTERNS[kind]) {
    const seconds = ms / 1000;
    if (hz > 0) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      // Short ramps avoid clicks at the start and end of each tone.
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(0.15, t + 0.01);
      gain.gain.setValueAtTime(0.15, t + seconds - 0.02);
      gain.gain.linearRampToValueAtTime(0, t + seconds);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + seconds);
    }
    t += seconds;
  }
}

const MUTE_KEY = 'tsunagu.agent.soundsMuted';

export function soundsMuted(): boolean {
  return localStorage.getItem(MUTE_KEY) === '1';
}

export function setSoundsMuted(muted: boolean): void {
  localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
}
