/** How the desktop writes money, dates and durations (Russian conventions). */

/**
 * Times are shown in the ЕКЦ's zone (from the session), so an operator, a supervisor in head office
 * and the deadlines the server computes all speak of the same clock.
 */
let displayTimeZone: string | undefined;

export function setDisplayTimeZone(timeZone: string | undefined): void {
  displayTimeZone = timeZone;
}

const rubles = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' });

export function formatKopecks(kopecks: number | string | null | undefined): string {
  if (kopecks === null || kopecks === undefined || kopecks === '') return '—';
  return rubles.format(Number(kopecks) / 100);
}

export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return new Date(value).toLocaleString('ru-RU', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: displayTimeZone,
  });
}

export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return new Date(value).toLocaleDateString('ru-RU', { timeZone: displayTimeZone });
}

/** 75_000 ms → "1:15"; hours when needed ("1:02:05"). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A time of day (HH:MM:SS) in the ЕКЦ's zone. */
export function formatTime(value: string | number | Date): string {
  return new Date(value).toLocaleTimeString('ru-RU', { timeZone: displayTimeZone });
}
