import {
  auditCampaign,
  type CampaignActor,
  type CampaignListFilter,
  campaignProgress,
  listCampaigns,
  loadCampaign,
} from '../db/campaigns.ts';
import { contactHistoryPage, type HistoryPageRequest, sampleAccount } from '../db/history.ts';
import type { CampaignInput } from '../schemas/campaign.ts';
import { parseDefinition } from './campaigns.ts';
import type { DialerDeps } from './deps.ts';
import { CampaignError } from './errors.ts';
import { checkGoal } from './goal.ts';
import {
  type MessageValues,
  previewMessages,
  type RenderedMessage,
  TemplateValueError,
} from './templates.ts';

/** What a preview shows when the campaign has no audience yet and no account is named. */
export const EXAMPLE_SAMPLE: Readonly<Required<MessageValues>> = {
  account: '1900000001',
  amountKopecks: 234_150,
  dueDate: '10.12.2026',
  date: '15.12.2026',
  address: 'г. Абакан, ул. Ленина, д. 1',
};

export type SampleSource = 'given' | 'account' | 'audience' | 'example';

export interface Preview {
  sample: MessageValues & { source: SampleSource };
  messages: RenderedMessage[];
}

function render(
  templates: Parameters<typeof previewMessages>[0],
  channels: Parameters<typeof previewMessages>[1],
  sample: MessageValues,
) {
  try {
    return previewMessages(templates, channels, sample);
  } catch (error) {
    if (!(error instanceof TemplateValueError)) throw error;
    throw new CampaignError('template', `Для примера нет значения переменной «${error.variable}»`);
  }
}

/**
 * The supervisor's read side: campaign lists with live progress, per-contact history, previews
 * for a real client of the audience, and the audit entry of a results export.
 */
export class CampaignViews {
  constructor(private readonly deps: DialerDeps) {}

  list(filter: CampaignListFilter) {
    return listCampaigns(this.deps.pool, filter);
  }

  async get(id: number) {
    const campaign = await loadCampaign(this.deps.pool, id);
    if (!campaign) throw new CampaignError('not_found', `Кампания ${id} не найдена`);
    return { ...campaign, progress: await campaignProgress(this.deps.pool, id) };
  }

  async history(id: number, request: HistoryPageRequest) {
    await this.get(id);
    return contactHistoryPage(this.deps.pool, id, request);
  }

  /**
   * The messages as one client would get them: the values given, or a named account's (with its
   * debt fresh from billing, as the dispatcher reads it), or the audience's first contact's, or an
   * example; a value the client lacks is taken from the example so every template renders.
   */
  async preview(
    id: number,
    request: { account?: string; sample?: Partial<MessageValues> },
  ): Promise<Preview> {
    const campaign = await loadCampaign(this.deps.pool, id);
    if (!campaign) throw new CampaignError('not_found', `Кампания ${id} не найдена`);
    const sample = await this.sampleFor(id, campaign.purpose, request);
    return { sample, messages: render(campaign.templates, campaign.channels, sample) };
  }

  /** A definition not saved yet (the editor's live preview), checked like `create` checks it. */
  previewDraft(input: CampaignInput, sample: Partial<MessageValues> = {}): Preview {
    const definition = parseDefinition(input);
    const values = { ...EXAMPLE_SAMPLE, ...sample, source: 'given' as const };
    return { sample: values, messages: render(definition.templates, definition.channels, values) };
  }

  /** A results export hands personal data out of the system: audited before the first byte. */
  async auditExport(id: number, actor: CampaignActor): Promise<void> {
    await this.get(id);
    await auditCampaign(this.deps.pool, {
      campaignId: id,
      action: 'export',
      actor,
      at: this.deps.clock.now(),
      details: { format: 'csv' },
    });
  }

  private async sampleFor(
    id: number,
    purpose: Parameters<typeof checkGoal>[1],
    request: { account?: string; sample?: Partial<MessageValues> },
  ): Promise<Preview['sample']> {
    if (request.sample && request.account === undefined) {
      return { ...EXAMPLE_SAMPLE, ...request.sample, source: 'given' };
    }
    const account = await sampleAccount(this.deps.pool, id, request.account);
    if (!account) {
      if (request.account !== undefined) {
        throw new CampaignError('not_found', `Лицевой счёт ${request.account} не найден`);
      }
      return { ...EXAMPLE_SAMPLE, source: 'example' };
    }
    const goal = await checkGoal(
      this.deps.billing,
      purpose,
      account.number,
      this.deps.clock.now(),
      account.timeZone,
    );
    return {
      ...EXAMPLE_SAMPLE,
      account: account.number,
      ...(account.address ? { address: account.address } : {}),
      ...(account.date ? { date: account.date } : {}),
      ...(goal.amountKopecks !== undefined ? { amountKopecks: goal.amountKopecks } : {}),
      ...(goal.dueDate ? { dueDate: goal.dueDate } : {}),
      source: request.account !== undefined ? 'account' : 'audience',
    };
  }
}
