/** How the desktop writes money, dates and durations (Russian conventions). */

const rubles = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' });

export function formatKopecks(kopecks: number | string | null | undefined): string {
  if (kopecks === null || kopecks === undefined || kopecks === '') return '—';
  return rubles.format(Number(kopecks) / 100);
}

export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return new Date(value).toLocaleString('ru-RU', { dateStyle: 'short', timeStyle: 'short' });
}

export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return new Date(value).toLocaleDateString('ru-RU');
}

/** 75_000 ms → "1:15"; hours when needed ("1:02:05"). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
