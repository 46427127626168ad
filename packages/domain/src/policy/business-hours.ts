import type { BusinessHours } from '../model/center.js';

/**
 * Business hours (HQ-06), evaluated in the center's IANA time zone. Intl is pure given the
 * instant, so this reads no clock: `at` is passed in.
 */
interface LocalTime {
  readonly date: string;
  readonly day: number;
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOpen(hours: BusinessHours, timeZone: string, at: number): boolean {
  if (hours.alwaysOpen) return true;
  const t = localTime(at, timeZone);
  if (hours.closedDates.includes(t.date)) return false;
  return hours.weekly.some(
    (w) => w.day === t.day && t.minutes >= toMinutes(w.open) && t.minutes < toMinutes(w.close),
  );
}

/**
 * The next instant the center closes; null when it is not open now or never closes within
 * eight days. Jumps window by window, so it costs a few Intl calls, not one per minute.
 */
export function nextClose(hours: BusinessHours, timeZone: string, at: number): number | null {
  if (hours.alwaysOpen || !isOpen(hours, timeZone, at)) return null;
  const minute = 60_000;
  let t = at - (at % minute);
  for (let i = 0; i < 8 * 8; i += 1) {
    const lt = localTime(t, timeZone);
    if (hours.closedDates.includes(lt.date)) return Math.max(t, at);
    const w = hours.weekly.find(
      (x) => x.day === lt.day && lt.minutes >= toMinutes(x.open) && lt.minutes < toMinutes(x.close),
    );
    if (!w) return Math.max(t, at);
    t += (toMinutes(w.close) - lt.minutes) * minute;
  }
  return null;
}

/**
 * The first instant after `at` whose local time of day is `hhmm` (BEY-02's "call me back at
 * 15:30"): later today, or tomorrow when that time has passed.
 */
export function nextLocalTime(hhmm: string, timeZone: string, at: number): number {
  const minute = 60_000;
  const base = at - (at % minute);
  const lt = localTime(base, timeZone);
  let delta = (toMinutes(hhmm) - lt.minutes + 1440) % 1440;
  if (delta === 0) delta = 1440;
  return base + delta * minute;
}
