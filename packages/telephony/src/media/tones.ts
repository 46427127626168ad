/** Audio made in code: the beep before a voicemail, and hold music when no file is installed. */

const RATE = 8000;

/** A sine at `hz`, `ms` long, with short fades so it starts and stops without a click. */
export function sineTone(hz: number, ms: number, amplitude: number, fadeMs = 10): Int16Array {
  const n = Math.round((RATE * ms) / 1000);
  const fade = Math.max(1, Math.round((RATE * fadeMs) / 1000));
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const envelope = Math.min(1, i / fade, (n - 1 - i) / fade);
    out[i] = Math.round(amplitude * envelope * Math.sin((2 * Math.PI * hz * i) / RATE));
  }
  return out;
}

/** The voicemail beep: 400 ms at 1 kHz, about -10 dBm0. */
export function beep(): Int16Array {
  return sineTone(1000, 400, 8000);
}

/**
 * A gentle stand-in for hold music: a slow, quiet arpeggio (C major, soft attack and long decay)
 * followed by a rest, about 4 s a loop. It tells callers they are still connected without
 * sounding like a ringback or busy tone.
 */
export function synthesizedHoldMusic(): Int16Array {
  const notes = [523.25, 659.25, 783.99, 659.25];
  const noteMs = 600;
  const restMs = 1600;
  const noteSamples = (RATE * noteMs) / 1000;
  const out = new Int16Array((RATE * (notes.length * noteMs + restMs)) / 1000);
  notes.forEach((hz, k) => {
    for (let i = 0; i < noteSamples; i++) {
      const t = i / RATE;
      // Quick rise, exponential fall: a plucked, bell-like note rather than a flat beep.
      const envelope = Math.min(1, t / 0.02) * Math.exp(-t * 4);
      const s = Math.sin(2 * Math.PI * hz * t) + 0.3 * Math.sin(4 * Math.PI * hz * t);
      out[k * noteSamples + i] = Math.round(3000 * envelope * s);
    }
  });
  return out;
}
