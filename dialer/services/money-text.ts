/**
 * An amount in figures for text channels: 234150 → "2 341,50". Plain spaces between thousands
 * (the SMS `digits` alphabet and GSM-7 both have them; a no-break space would force UCS-2).
 */
export function formatRubles(kopecks: number): string {
  if (!Number.isInteger(kopecks) || kopecks < 0) throw new RangeError(`not an amount in kopecks: ${kopecks}`);
  const rubles = Math.floor(kopecks / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${rubles},${String(kopecks % 100).padStart(2, '0')}`;
}
