/**
 * CSV as RFC 4180 with CRLF line ends, UTF-8. Spreadsheet formula injection is defused: a cell
 * that starts like a formula (=, @, or + / - not followed by a digit, or a tab or CR) gets a
 * leading apostrophe, so a name typed as "=HYPERLINK(...)" stays text. Phone numbers such as
 * "+81312345678" are left alone.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=@\t\r]/.test(text) || /^[+-](?!\d)/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The byte order mark Excel needs to read UTF-8 (Japanese text) instead of Shift_JIS. */
export const UTF8_BOM = '\uFEFF';

/** "2025-04-01 09:30:05" in the given time zone: what a spreadsheet reads as a date and time. */
export function localDateTime(date: Date | null, timeZone: string): string {
  if (date === null) return '';
  return formatter(timeZone).format(date);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f) return f;
  // The sv-SE locale writes ISO-like "YYYY-MM-DD HH:MM:SS".
  f = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  formatters.set(timeZone, f);
  return f;
}
