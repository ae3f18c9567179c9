import { z } from 'zod';
import { inTransaction } from '../../core/db/index.ts';
import { expandFilterAudience, insertCsvContacts, resolveCsvAudience } from '../db/audience.ts';
import {
  actorName,
  auditCampaign,
  type CampaignActor,
  type CampaignProgress,
  campaignProgress,
  insertCampaign,
  loadCampaign,
  setCampaignState,
  updateCampaignDefinition,
} from '../db/campaigns.ts';
import { type Campaign, type CampaignInput, campaignInputSchema } from '../schemas/campaign.ts';
import { type CsvRowError, parseAudienceCsv } from './audience-csv.ts';
import type { DialerDeps } from './deps.ts';
import { CampaignError } from './errors.ts';
import { planPendingContacts } from './planning.ts';
import { type CampaignAction, nextCampaignState } from './state-machine.ts';
import { checkTemplates, type MessageValues, previewMessages, type RenderedMessage } from './templates.ts';

const russianErrors = { error: z.locales.ru().localeError };

/** Validates a definition: zod's messages in Russian, then the templates against real values. */
export function parseDefinition(input: CampaignInput) {
  const parsed = campaignInputSchema.safeParse(input, russianErrors);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'кампания'}: ${i.message}`);
    throw new CampaignError('invalid_input', 'Кампания заполнена с ошибками', problems);
  }
  const problems = checkTemplates(parsed.data.templates, parsed.data.channels);
  if (problems.length > 0) throw new CampaignError('template', 'Шаблоны сообщений с ошибками', problems);
  return parsed.data;
}

/**
 * The supervisor's operations on campaigns (R-DLR-7), each one audited; the desktop's HTTP and
 * `hotline campaign …` call these. `actor` names who acts (`user:<id>` or a service).
 */
export class CampaignService {
  constructor(private readonly deps: DialerDeps) {}

  async create(input: CampaignInput, actor: CampaignActor): Promise<Campaign> {
    const definition = parseDefinition(input);
    const now = this.deps.clock.now();
    return inTransaction(this.deps.pool, async (db) => {
      const campaign = await insertCampaign(db, definition, actorName(actor), now);
      await auditCampaign(db, {
        campaignId: campaign.id,
        action: 'create',
        actor,
        at: now,
        details: { purpose: campaign.purpose, channels: campaign.channels, audience: campaign.audience.kind },
      });
      return campaign;
    });
  }

  async edit(id: number, input: CampaignInput, actor: CampaignActor): Promise<Campaign> {
    const definition = parseDefinition(input);
    const now = this.deps.clock.now();
    return inTransaction(this.deps.pool, async (db) => {
      const campaign = await this.require(db, id);
      nextCampaignState(campaign.state, 'edit');
      const updated = await updateCampaignDefinition(db, id, definition, now);
      await auditCampaign(db, { campaignId: id, action: 'edit', actor, at: now });
      return updated;
    });
  }

  async get(id: number): Promise<Campaign> {
    return this.require(this.deps.pool, id);
  }

  /** Messages as a sample client would get them, SMS with its character count. */
  async preview(id: number, sample: MessageValues): Promise<RenderedMessage[]> {
    const campaign = await this.get(id);
    return previewMessages(campaign.templates, campaign.channels, sample);
  }

  /**
   * The CSV audience of a draft: all rows or none — any row error refuses the upload, with every
   * error listed by line, and the campaign keeps what it had.
   */
  async uploadAudience(id: number, csv: string, actor: CampaignActor): Promise<{ added: number }> {
    const parsed = parseAudienceCsv(csv);
    const now = this.deps.clock.now();
    return inTransaction(this.deps.pool, async (db) => {
      const campaign = await this.require(db, id, true);
      if (campaign.audience.kind !== 'csv') {
        throw new CampaignError('audience', 'Аудитория кампании задана фильтром, а не файлом');
      }
      nextCampaignState(campaign.state, 'edit');
      const { resolved, errors } = await resolveCsvAudience(db, parsed.rows);
      const all: CsvRowError[] = [...parsed.errors, ...errors].sort((a, b) => a.line - b.line);
      if (all.length > 0) {
        throw new CampaignError(
          'audience',
          `Файл не принят: ошибок ${all.length}`,
          all.map((e) => `строка ${e.line}: ${e.message}`),
          all,
        );
      }
      const added = await insertCsvContacts(db, id, resolved);
      await auditCampaign(db, {
        campaignId: id,
        action: 'audience_upload',
        actor,
        at: now,
        details: { rows: added },
      });
      return { added };
    });
  }

  /** Fixes the audience (a filter is expanded now) and waits for the start date. */
  async schedule(id: number, actor: CampaignActor): Promise<Campaign> {
    const now = this.deps.clock.now();
    await inTransaction(this.deps.pool, async (db) => {
      const campaign = await this.transition(db, id, 'schedule', actor, now);
      const planned =
        campaign.audience.kind === 'filter'
          ? await expandFilterAudience(db, id, campaign.audience, now)
          : undefined;
      await auditCampaign(db, {
        campaignId: id,
        action: 'plan',
        actor,
        at: now,
        details: { planned: planned ?? null },
      });
    });
    return this.get(id);
  }

  async start(id: number, actor: CampaignActor): Promise<{ planned: number }> {
    await inTransaction(this.deps.pool, (db) =>
      this.transition(db, id, 'start', actor, this.deps.clock.now()),
    );
    return { planned: await planPendingContacts(this.deps, id) };
  }

  /** Effective at once: a job of a paused campaign does nothing; resume re-plans. */
  async pause(id: number, actor: CampaignActor): Promise<void> {
    await inTransaction(this.deps.pool, (db) =>
      this.transition(db, id, 'pause', actor, this.deps.clock.now()),
    );
  }

  async resume(id: number, actor: CampaignActor): Promise<{ planned: number }> {
    await inTransaction(this.deps.pool, (db) =>
      this.transition(db, id, 'resume', actor, this.deps.clock.now()),
    );
    return { planned: await planPendingContacts(this.deps, id, { bumpSeq: true }) };
  }

  async stop(id: number, actor: CampaignActor): Promise<void> {
    const now = this.deps.clock.now();
    await inTransaction(this.deps.pool, async (db) => {
      await this.transition(db, id, 'stop', actor, now);
      await db.query(
        `update campaign_contacts set state = 'stopped', finish_reason = 'campaign_stopped', finished_at = $2,
                next_attempt_at = null
          where campaign_id = $1 and state = 'pending'`,
        [id, now],
      );
    });
  }

  async progress(id: number): Promise<CampaignProgress & { state: Campaign['state'] }> {
    const campaign = await this.get(id);
    return { state: campaign.state, ...(await campaignProgress(this.deps.pool, id)) };
  }

  private async transition(
    db: Parameters<typeof loadCampaign>[0],
    id: number,
    action: CampaignAction,
    actor: CampaignActor,
    now: Date,
  ): Promise<Campaign> {
    const campaign = await this.require(db, id, true);
    const next = nextCampaignState(campaign.state, action);
    await setCampaignState(db, id, campaign.state, next, now);
    await auditCampaign(db, {
      campaignId: id,
      action,
      actor,
      at: now,
      details: { from: campaign.state, to: next },
    });
    return { ...campaign, state: next };
  }

  private async require(db: Parameters<typeof loadCampaign>[0], id: number, lock = false): Promise<Campaign> {
    const campaign = await loadCampaign(db, id, lock);
    if (!campaign) throw new CampaignError('not_found', `Кампания ${id} не найдена`);
    return campaign;
  }
}
