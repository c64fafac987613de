const formatters = new Map<string, Intl.DateTimeFormat>();

/** "28 Nov 2026, 09.30 WIB": how a date and time is written to Indonesian users. */
export function formatDateTime(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('id-ID', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}

export const DAY_MS = 24 * 60 * 60 * 1000;
