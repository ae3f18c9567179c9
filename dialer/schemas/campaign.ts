import { z } from 'zod';
import { CAMPAIGN_PURPOSES, CLIENT_TYPES, OUTBOUND_CHANNELS } from '../../core/vocabulary/index.ts';
import type { CampaignState } from './campaign-terms.ts';

// The terms the browser shares live apart (no zod there); the dialer keeps importing them from here.
export {
  CAMPAIGN_STATES,
  type CampaignState,
  CONTACT_STATES,
  type ContactState,
} from './campaign-terms.ts';

const rubles = z.number().nonnegative().max(100_000_000);

/** A filter over accounts; every condition optional, all of them must hold. */
export const audienceFilterSchema = z
  .object({
    kind: z.literal('filter'),
    /** Debt overdue by at least `overdueDays` days, in rubles. */
    minOverdueRubles: rubles.optional(),
    overdueDays: z.number().int().min(0).max(3650).default(0),
    areas: z.array(z.string().min(1)).min(1).optional(),
    clientTypes: z.array(z.enum(CLIENT_TYPES)).min(1).optional(),
    /** Explicit accounts (e.g. a planned outage's street list, prepared elsewhere). */
    accountNumbers: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type AudienceFilter = z.infer<typeof audienceFilterSchema>;

export const audienceSchema = z.discriminatedUnion('kind', [
  audienceFilterSchema,
  z.object({ kind: z.literal('csv') }).strict(),
]);
export type Audience = z.infer<typeof audienceSchema>;

const titled = z.object({ title: z.string().min(1).max(200), text: z.string().min(1).max(4000) }).strict();

/** Message templates per channel; `{{amount}}` is spoken in words on the phone, figures elsewhere. */
export const templatesSchema = z
  .object({
    phone: z.string().min(1).max(2000).optional(),
    sms: z.string().min(1).max(1000).optional(),
    email: z
      .object({ subject: z.string().min(1).max(200), text: z.string().min(1).max(20_000) })
      .strict()
      .optional(),
    push: titled.optional(),
    online_account: titled.optional(),
  })
  .strict();
export type Templates = z.infer<typeof templatesSchema>;

const instant = z.coerce.date().refine((date) => !Number.isNaN(date.getTime()), 'некорректная дата');

export const campaignInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    purpose: z.enum(CAMPAIGN_PURPOSES),
    channels: z
      .array(z.enum(OUTBOUND_CHANNELS))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'канал указан дважды'),
    audience: audienceSchema,
    templates: templatesSchema,
    startsAt: instant,
    endsAt: instant,
  })
  .strict()
  .refine((c) => c.endsAt > c.startsAt, {
    message: 'дата окончания должна быть позже даты начала',
    path: ['endsAt'],
  })
  .superRefine((c, ctx) => {
    for (const channel of c.channels) {
      if (!c.templates[channel]) {
        ctx.addIssue({
          code: 'custom',
          path: ['templates', channel],
          message: `нет шаблона для канала ${channel}`,
        });
      }
    }
  });
export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignDefinition = z.infer<typeof campaignInputSchema>;

export interface Campaign extends CampaignDefinition {
  id: number;
  state: CampaignState;
  plannedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}
