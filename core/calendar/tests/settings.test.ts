import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import {
  applyCalendarSettings,
  CALENDAR_DATA_DIR,
  DEFAULT_EKC_SCHEDULE,
  isOutboundAllowed,
  productionCalendar,
  saveCalendarSetting,
} from '../index.ts';
import { createWorkingTime } from '../working-time.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('calendar settings saved by the admin', () => {
  it('a published decree for 2027 replaces the derived file; the ЕКЦ hours follow the saved schedule', async () => {
    const shipped = JSON.parse(readFileSync(join(CALENDAR_DATA_DIR, '2027.json'), 'utf8'));
    // Before: Monday 2027-01-11 is an ordinary working day of the derived calendar.
    expect(productionCalendar().isWorkingDay('2027-01-11')).toBe(true);
    const decree = {
      ...shipped,
      status: 'decree',
      source: 'Постановление Правительства РФ (тестовое)',
      daysOff: [...shipped.daysOff, { date: '2027-01-11', from: '2027-01-02', basis: 'decree' }],
    };
    await saveCalendarSetting(db.pool, 'production_year:2027', decree, 'admin');
    await saveCalendarSetting(
      db.pool,
      'ekc_schedule',
      {
        ...DEFAULT_EKC_SCHEDULE,
        weekly: { ...DEFAULT_EKC_SCHEDULE.weekly, sun: { open: '10:00', close: '16:00' } },
      },
      'admin',
    );
    const applied = await applyCalendarSettings(db.pool);
    expect(applied.years.map((y) => y.year)).toEqual([2027]);

    expect(productionCalendar().isWorkingDay('2027-01-11')).toBe(false);
    expect(productionCalendar().isWorkingDay('2026-11-27')).toBe(true); // other years untouched
    // The outbound rule ("never on holidays") sees the new day off: 12:00 local is not allowed.
    expect(
      isOutboundAllowed(new Date('2027-01-11T05:00:00Z'), 'Asia/Krasnoyarsk', productionCalendar()),
    ).toBe(false);
    const workingTime = createWorkingTime({ timeZone: 'Asia/Krasnoyarsk' });
    // Sunday 2026-11-29 12:00 local (05:00Z): closed by default, open by the saved schedule.
    expect(workingTime.isEkcWorkingTime(new Date('2026-11-29T05:00:00Z'))).toBe(true);
    expect(workingTime.isEkcWorkingTime(new Date('2026-11-29T09:00:00Z'))).toBe(false); // 16:00 local
  });

  it('a stored value that no longer validates stops the start with a clear message', async () => {
    await db.pool.query(
      `insert into calendar_settings (key, value, updated_by) values ('production_year:2028', '{"year": 2028}', 'x')`,
    );
    await expect(applyCalendarSettings(db.pool)).rejects.toThrow(/production_year:2028 is not valid/);
  });
});
