import { currentLanguage } from '../../i18n';

/** A duration as m:ss, or h:mm:ss from an hour: how call centers read waits. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A moment in the user's language, in the center's time zone when given. */
export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(currentLanguage() === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(timeZone && { timeZone }),
  }).format(new Date(iso));
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentLanguage(), options).format(value);
}

/** The zone's offset from UTC at `utcMs`, in minutes (Asia/Tokyo: 540). */
function offsetMinutes(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A wall-clock time in `timeZone` ("2026-11-24T10:00" from <input type="datetime-local">, or a
 * date "2026-11-24" for its midnight) as ISO 8601 with that zone's offset, as the API takes it.
 */
export function zonedToIso(local: string, timeZone: string): string {
  const [date, time = '00:00'] = local.split('T');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  // The offset at the guessed instant, checked once more for a day when the offset changes.
  let offset = offsetMinutes(wall, timeZone);
  offset = offsetMinutes(wall - offset * 60_000, timeZone);
  return `${date}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00${offsetText(offset)}`;
}

/** An instant as the value of <input type="datetime-local"> in `timeZone`. */
export function isoToZonedInput(iso: string | number, timeZone: string): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  const shifted = new Date(ms + offsetMinutes(ms, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** Today's date ("2026-11-24") in `timeZone`, shifted by `days`. */
export function zonedDate(timeZone: string, days = 0, now = Date.now()): string {
  return isoToZonedInput(now + days * 86_400_000, timeZone).slice(0, 10);
}
