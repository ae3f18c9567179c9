import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../core/audit/index.ts';
import type { CampaignState } from '../schemas/campaign.ts';
import { parseAudienceCsv } from '../services/audience-csv.ts';
import { CampaignError } from '../services/errors.ts';
import { formatRubles } from '../services/money-text.ts';
import { CAMPAIGN_ACTIONS, canTransition, nextCampaignState } from '../services/state-machine.ts';
import { checkTemplates, renderMessage } from '../services/templates.ts';
import { addDebtor, createHarness, type Harness } from './harness.ts';

const START = '2026-12-01T03:00:00Z';
const base = {
  name: 'Показания декабрь',
  purpose: 'reading_reminder' as const,
  channels: ['sms' as const],
  audience: { kind: 'csv' as const },
  templates: { sms: 'Передайте показания по л/с {{account}} до 25 числа.' },
  startsAt: START,
  endsAt: '2026-12-25T00:00:00Z',
};

describe('campaign state machine', () => {
  it('draft → scheduled → running ⇄ paused → finished/stopped, nothing else', () => {
    const allowed: string[] = [];
    const states: CampaignState[] = ['draft', 'scheduled', 'running', 'paused', 'finished', 'stopped'];
    for (const state of states) {
      for (const action of CAMPAIGN_ACTIONS) {
        if (canTransition(state, action))
          allowed.push(`${state}-${action}->${nextCampaignState(state, action)}`);
      }
    }
    expect(allowed.sort()).toEqual(
      [
        'draft-edit->draft',
        'draft-schedule->scheduled',
        'draft-stop->stopped',
        'scheduled-start->running',
        'scheduled-stop->stopped',
        'running-pause->paused',
        'running-stop->stopped',
        'running-finish->finished',
        'paused-resume->running',
        'paused-stop->stopped',
        'paused-finish->finished',
      ].sort(),
    );
    expect(() => nextCampaignState('stopped', 'resume')).toThrow('кампания остановлена');
  });
});

describe('templates', () => {
  it('SMS of 160 characters with the longest real values passes, 161 is rejected (Cyrillic, UCS-2)', () => {
    // account ≤ 20, amount ≤ 14 digits: 34 characters of variables, the rest literal Cyrillic.
    const literal = (n: number) => 'Ж'.repeat(n);
    expect(checkTemplates({ sms: `${literal(126)}{{account}}{{amount}}` }, ['sms'])).toEqual([]);
    expect(checkTemplates({ sms: `${literal(127)}{{account}}{{amount}}` }, ['sms'])).toEqual([
      'SMS: С реальными значениями SMS может занять 161 символов при допустимых 160',
    ]);
    expect(checkTemplates({ phone: 'Долг {{amount}} по {{contract}}' }, ['phone'])).toEqual([
      'phone: неизвестная переменная «contract» в шаблоне',
    ]);
  });

  it('the amount is spoken in words on the phone and in figures in text', () => {
    const templates = { phone: 'Ваш долг {{amount}}.', sms: 'Долг {{amount}} руб.' };
    const values = { account: '1900000001', amountKopecks: 234150 };
    expect(renderMessage(templates, 'phone', values).text).toBe(
      'Ваш долг две тысячи триста сорок один рубль пятьдесят копеек.',
    );
    expect(renderMessage(templates, 'sms', values).text).toBe('Долг 2 341,50 руб.');
    expect(formatRubles(100_000_000)).toBe('1 000 000,00');
  });
});

describe('CSV audience', () => {
  it('reports every bad row by line and drops nothing silently', () => {
    const parsed = parseAudienceCsv(
      'account;date\n1900000001;25.12.2026\nabc;\n1900000002;2026-12-25\n1900000001;\n"1900000003;\n1900000004\n',
    );
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
    expect(parsed.errors).toEqual([
      { line: 3, message: 'Неверный номер лицевого счёта «abc»' },
      { line: 4, message: 'Неверная дата «2026-12-25», нужен формат ДД.ММ.ГГГГ' },
      { line: 5, message: 'Лицевой счёт 1900000001 уже указан в строке 2' },
      { line: 6, message: 'Незакрытая кавычка' },
      { line: 7, message: 'Ожидалось столбцов: 2, в строке: 1' },
    ]);
    expect(parseAudienceCsv('number\n1').errors[0]!.message).toContain('нет столбца «account»');
  });
});

describe('campaign service on PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: START });
    await addDebtor(h.db.pool, { id: 1, phone: '+79130000001', debtKopecks: 1000 });
    await addDebtor(h.db.pool, { id: 2, phone: '+79130000002', debtKopecks: 1000 });
    await h.db.pool.query("update accounts set closed_at = '2026-01-01' where id = 2");
  });
  afterAll(async () => h?.close());

  it('refuses a CSV with any bad row, listing unknown and closed accounts; a clean file is taken whole', async () => {
    const campaign = await h.campaigns.create(base, 'user:7');
    const refused = await h.campaigns
      .uploadAudience(campaign.id, 'account\n1900000001\n1900000002\n1900000099\n', 'user:7')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CampaignError);
    expect((refused as CampaignError).problems).toEqual([
      'строка 3: Лицевой счёт 1900000002 закрыт',
      'строка 4: Лицевой счёт 1900000099 не найден',
    ]);
    expect((await h.campaigns.progress(campaign.id)).planned).toBe(0);
    expect(await h.campaigns.uploadAudience(campaign.id, 'account\n1900000001\n', 'user:7')).toEqual({
      added: 1,
    });
  });

  it('rejects a campaign whose SMS can exceed 160 characters or that lacks a channel template', async () => {
    const tooLong = await h.campaigns
      .create({ ...base, templates: { sms: `${'Ж'.repeat(150)} {{account}}` } }, 'user:7')
      .catch((e: unknown) => e);
    expect((tooLong as CampaignError).code).toBe('template');
    const missing = await h.campaigns
      .create({ ...base, channels: ['sms', 'email'] }, 'user:7')
      .catch((e: unknown) => e);
    expect((missing as CampaignError).problems).toContain('templates.email: нет шаблона для канала email');
  });

  it('previews every channel for a sample client, SMS with its character count', async () => {
    const campaign = await h.campaigns.create(
      {
        ...base,
        purpose: 'debt_reminder',
        channels: ['sms', 'phone'],
        templates: { sms: 'Долг {{amount}} руб.', phone: 'Ваш долг {{amount}}.' },
      },
      'user:7',
    );
    const preview = await h.campaigns.preview(campaign.id, { account: '1900000001', amountKopecks: 150 });
    expect(preview).toEqual([
      { channel: 'sms', text: 'Долг 1,50 руб.', sms: { encoding: 'ucs2', characters: 14, segments: 1 } },
      { channel: 'phone', text: 'Ваш долг один рубль пятьдесят копеек.' },
    ]);
  });

  it('audits every action and refuses impossible ones', async () => {
    const campaign = await h.campaigns.create(base, 'user:7');
    await h.campaigns.uploadAudience(campaign.id, 'account\n1900000001\n', 'user:7');
    await expect(h.campaigns.pause(campaign.id, 'user:7')).rejects.toThrow('черновик');
    await h.campaigns.schedule(campaign.id, 'user:7');
    await h.campaigns.start(campaign.id, 'user:7');
    await h.campaigns.pause(campaign.id, 'user:7');
    await h.campaigns.resume(campaign.id, 'user:7');
    await h.campaigns.stop(campaign.id, 'user:7');
    const trail = await auditTrail(h.db.pool, 'campaign', String(campaign.id));
    expect(trail.map((e) => e.action)).toEqual([
      'campaign.create',
      'campaign.audience_upload',
      'campaign.schedule',
      'campaign.plan',
      'campaign.start',
      'campaign.pause',
      'campaign.resume',
      'campaign.stop',
    ]);
    expect(trail.every((e) => e.actor === 'user:7')).toBe(true);
    const progress = await h.campaigns.progress(campaign.id);
    expect(progress).toMatchObject({ state: 'stopped', planned: 1, stopped: 1, pending: 0 });
  });
});
