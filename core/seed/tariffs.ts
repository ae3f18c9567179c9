import type { TariffZone } from '../vocabulary/index.ts';
import type { LocalDate } from './time.ts';

/**
 * Plausible Khakassia electricity prices for the demo, in kopecks per kWh — shaped like the
 * republic's regulated tariffs, not the official figures. Households in towns pay the urban
 * price; villages and homes with electric stoves pay about 0.7 of it; businesses buy at
 * unregulated prices about twice as high. Prices are indexed every 1 July.
 */
export type TariffCategory = 'urban' | 'rural' | 'business';

/** Prices from 1 July 2025 to 30 June 2026. */
const BASE_PRICES: Readonly<Record<TariffCategory, Readonly<Record<TariffZone, number>>>> = {
  urban: { single: 351, day: 388, night: 214, peak: 425, half_peak: 351 },
  rural: { single: 246, day: 272, night: 150, peak: 298, half_peak: 246 },
  business: { single: 780, day: 845, night: 520, peak: 910, half_peak: 780 },
};

const BASE_PERIOD_INDEX = 2025 * 12 + 6; // July 2025
const YEARLY_INDEXATION = 1.11;

export function tariffKopecks(category: TariffCategory, zone: TariffZone, period: LocalDate): number {
  const years = Math.floor((period.year * 12 + period.month - BASE_PERIOD_INDEX) / 12);
  return Math.round(BASE_PRICES[category][zone] * YEARLY_INDEXATION ** years);
}

/** How a meter's consumption splits between its zones (typical household profiles). */
export const ZONE_SHARES: Readonly<Record<string, readonly number[]>> = {
  single: [1],
  'day,night': [0.68, 0.32],
  'peak,half_peak,night': [0.3, 0.42, 0.28],
};

/** Heating and lighting make winter months heavier: factor per calendar month, January first. */
export const SEASONAL_FACTOR: readonly number[] = [
  1.35, 1.25, 1.1, 0.95, 0.85, 0.8, 0.8, 0.82, 0.9, 1.05, 1.2, 1.35,
];
