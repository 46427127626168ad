import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  isoToZonedInput,
  zonedDate,
  zonedToIso,
} from '../src/pages/supervisor/time';

describe('supervisor time helpers', () => {
  it('[QCB-02] a datetime-local value in the center’s zone becomes ISO 8601 with that zone’s offset', () => {
    expect(zonedToIso('2026-11-24T10:00', 'Asia/Tokyo')).toBe('2026-11-24T10:00:00+09:00');
    expect(zonedToIso('2026-11-24', 'Asia/Tokyo')).toBe('2026-11-24T00:00:00+09:00');
    // Summer and winter time in one zone: the offset of that day, not of today.
    expect(zonedToIso('2026-07-01T09:30', 'America/New_York')).toBe('2026-07-01T09:30:00-04:00');
    expect(zonedToIso('2026-12-01T09:30', 'America/New_York')).toBe('2026-12-01T09:30:00-05:00');
    expect(zonedToIso('2026-03-01T08:00', 'Asia/Kolkata')).toBe('2026-03-01T08:00:00+05:30');
  });

  it('[BEY-02] an instant reads back as the wall clock of the zone', () => {
    const iso = '2026-11-24T01:00:00Z';
    expect(isoToZonedInput(iso, 'Asia/Tokyo')).toBe('2026-11-24T10:00');
    expect(Date.parse(zonedToIso(isoToZonedInput(iso, 'Asia/Tokyo'), 'Asia/Tokyo'))).toBe(
      Date.parse(iso),
    );
    // 20:00 UTC is already the next day in Tokyo.
    expect(zonedDate('Asia/Tokyo', 0, Date.parse('2026-11-24T20:00:00Z'))).toBe('2026-11-25');
    expect(zonedDate('Asia/Tokyo', -6, Date.parse('2026-11-24T20:00:00Z'))).toBe('2026-11-19');
  });

  it('[HQ-05] waits read as m:ss, and h:mm:ss from an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_999)).toBe('1:05');
    expect(formatDuration(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatDuration(-5)).toBe('0:00');
  });
});
