/**
 * Purposes of outbound informing (R-DLR-1). Consent and opt-out are kept per purpose
 * (`client_consents.purpose`, `'*'` = every purpose), so the dialer, the desktop and the LK share
 * one list. The auto-reply with an appeal number is sent by the appeals module, not a campaign.
 */
export const CAMPAIGN_PURPOSES = [
  'debt_reminder',
  'reading_reminder',
  'restriction_notice',
  'information',
] as const;
export type CampaignPurpose = (typeof CAMPAIGN_PURPOSES)[number];

export const CAMPAIGN_PURPOSE_LABEL_RU: Readonly<Record<CampaignPurpose, string>> = {
  debt_reminder: 'Напоминание о задолженности',
  reading_reminder: 'Напоминание о передаче показаний',
  restriction_notice: 'Уведомление о введении ограничения',
  information: 'Информирование',
};
