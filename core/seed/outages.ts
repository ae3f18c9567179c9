import type { OutageKind } from '../vocabulary/index.ts';
import { GRID_COMPANIES, type GridCompany } from './data/organizations.ts';
import { PLACES } from './data/places.ts';
import { addDays, type LocalDate, localInstant } from './time.ts';

/**
 * A handful of outages around the demo's "today": planned works ahead and behind, one emergency
 * still going on, one already repaired. Always the same list relative to asOf, so IVR and chatbot
 * demos can rely on it (e.g. "is there an outage in Саяногорск right now?").
 */
export interface OutagePlan {
  kind: OutageKind;
  area: string;
  settlement: string;
  streets: string[];
  startsAt: Date;
  endsAt: Date | null;
  reason: string;
  grid: GridCompany;
}

interface Template {
  kind: OutageKind;
  settlement: string;
  /** Indexes into the settlement's street list; empty means the whole settlement. */
  streets: number[];
  dayOffset: number;
  from: [number, number];
  /** Local end time on the same day, or null while the repair is still going on. */
  to: [number, number] | null;
  reason: string;
  grid: keyof typeof GRID_COMPANIES;
}

const TEMPLATES: readonly Template[] = [
  {
    kind: 'planned',
    settlement: 'Абакан',
    streets: [0, 3, 8],
    dayOffset: 2,
    from: [9, 0],
    to: [17, 0],
    reason: 'Плановый ремонт ВЛ-0,4 кВ',
    grid: 'municipal',
  },
  {
    kind: 'planned',
    settlement: 'Черногорск',
    streets: [1, 2],
    dayOffset: 5,
    from: [10, 0],
    to: [16, 0],
    reason: 'Замена опор линии электропередачи',
    grid: 'rosseti',
  },
  {
    kind: 'planned',
    settlement: 'Аскиз',
    streets: [],
    dayOffset: 1,
    from: [9, 30],
    to: [15, 30],
    reason: 'Плановое техническое обслуживание подстанции',
    grid: 'rosseti',
  },
  {
    kind: 'planned',
    settlement: 'Усть-Абакан',
    streets: [0, 1],
    dayOffset: -3,
    from: [9, 0],
    to: [15, 0],
    reason: 'Ремонт трансформаторной подстанции ТП-14',
    grid: 'rosseti',
  },
  {
    kind: 'emergency',
    settlement: 'Саяногорск',
    streets: [0, 1],
    dayOffset: 0,
    from: [6, 40],
    to: null,
    reason: 'Повреждение кабельной линии 10 кВ',
    grid: 'rosseti',
  },
  {
    kind: 'emergency',
    settlement: 'Абакан',
    streets: [5],
    dayOffset: 0,
    from: [5, 15],
    to: [13, 0],
    reason: 'Аварийное отключение ТП-112: перегрев трансформатора',
    grid: 'municipal',
  },
  {
    kind: 'emergency',
    settlement: 'Шира',
    streets: [],
    dayOffset: -1,
    from: [14, 10],
    to: [19, 35],
    reason: 'Падение дерева на ВЛ-10 кВ',
    grid: 'rosseti',
  },
  {
    kind: 'planned',
    settlement: 'Абаза',
    streets: [2],
    dayOffset: 8,
    from: [10, 0],
    to: [12, 0],
    reason: 'Подключение нового потребителя',
    grid: 'rosseti',
  },
];

export function planOutages(asOf: LocalDate): OutagePlan[] {
  return TEMPLATES.map((template) => {
    const place = PLACES.find((p) => p.settlement === template.settlement);
    if (!place) throw new Error(`outage template names an unknown settlement: ${template.settlement}`);
    const day = addDays(asOf, template.dayOffset);
    return {
      kind: template.kind,
      area: place.area,
      settlement: place.settlement,
      streets: template.streets.map((i) => place.streets[i]!),
      startsAt: new Date(localInstant(day, ...template.from)),
      endsAt: template.to ? new Date(localInstant(day, ...template.to)) : null,
      reason: template.reason,
      grid: GRID_COMPANIES[template.grid],
    };
  });
}
