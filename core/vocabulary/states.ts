/** States shared by the database, the ACD, the gRPC contracts, the desktop and the reports. */

export const CLIENT_TYPES = ['individual', 'sole_trader', 'legal_entity'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];
export const CLIENT_TYPE_LABEL_RU: Readonly<Record<ClientType, string>> = {
  individual: 'Физическое лицо',
  sole_trader: 'Индивидуальный предприниматель',
  legal_entity: 'Юридическое лицо',
};

/** Stages of one call or chat, in the order they normally happen. */
export const INTERACTION_STATES = [
  'self_service',
  'queued',
  'offered',
  'connected',
  'wrap_up',
  'closed',
  'abandoned',
] as const;
export type InteractionState = (typeof INTERACTION_STATES)[number];

export const INTERACTION_OUTCOMES = [
  'self_served',
  'resolved',
  'appeal_registered',
  'callback_requested',
  'abandoned',
  'transferred',
  'failed',
] as const;
export type InteractionOutcome = (typeof INTERACTION_OUTCOMES)[number];
export const INTERACTION_OUTCOME_LABEL_RU: Readonly<Record<InteractionOutcome, string>> = {
  self_served: 'Обслужен автоматически',
  resolved: 'Вопрос решён',
  appeal_registered: 'Зарегистрировано обращение',
  callback_requested: 'Нужен обратный звонок',
  abandoned: 'Клиент не дождался ответа',
  transferred: 'Переведено специалисту',
  failed: 'Связь прервалась',
};

/** Outcomes an operator chooses at wrap-up (self_served and abandoned are set by the platform). */
export const WRAP_UP_OUTCOMES = [
  'resolved',
  'appeal_registered',
  'callback_requested',
  'transferred',
  'failed',
] as const satisfies readonly InteractionOutcome[];
export type WrapUpOutcome = (typeof WRAP_UP_OUTCOMES)[number];

export const AGENT_STATES = ['offline', 'ready', 'offered', 'busy', 'wrap_up', 'not_ready'] as const;
export type AgentState = (typeof AGENT_STATES)[number];
export const AGENT_STATE_LABEL_RU: Readonly<Record<AgentState, string>> = {
  offline: 'Не в очередях',
  ready: 'Готов',
  offered: 'Поступает вызов',
  busy: 'Обслуживает',
  wrap_up: 'Поствызывная обработка',
  not_ready: 'Не готов',
};

export const NOT_READY_REASONS = [
  'break',
  'lunch',
  'training',
  'meeting',
  'missed_offer',
  'technical',
] as const;
export type NotReadyReason = (typeof NOT_READY_REASONS)[number];
export const NOT_READY_REASON_LABEL_RU: Readonly<Record<NotReadyReason, string>> = {
  break: 'Перерыв',
  lunch: 'Обед',
  training: 'Обучение',
  meeting: 'Совещание',
  missed_offer: 'Пропущен вызов',
  technical: 'Технические неполадки',
};

/** Appeal kinds decide the deadline (R-APL-3, R-APL-4). */
export const APPEAL_KINDS = ['simple', 'complex', 'with_departments', 'external'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

export const APPEAL_STATES = [
  'registered',
  'in_progress',
  'interim_answered',
  'answered',
  'no_action',
  'closed',
] as const;
export type AppealState = (typeof APPEAL_STATES)[number];

/** R-APL-6: why an appeal gets no action. */
export const NO_ACTION_REASONS = ['abusive', 'unreadable', 'no_contact', 'repeated'] as const;
export type NoActionReason = (typeof NO_ACTION_REASONS)[number];

export const USER_ROLES = ['operator', 'supervisor', 'admin', 'quality'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const TARIFF_ZONES = ['single', 'day', 'night', 'peak', 'half_peak'] as const;
export type TariffZone = (typeof TARIFF_ZONES)[number];
/** How a zone is named to the client («Показание по зоне «ночь» …»). */
export const TARIFF_ZONE_LABEL_RU: Readonly<Record<TariffZone, string>> = {
  single: 'общая',
  day: 'день',
  night: 'ночь',
  peak: 'пик',
  half_peak: 'полупик',
};

export const READING_STATES = ['accepted', 'rejected'] as const;
export type ReadingState = (typeof READING_STATES)[number];

export const OUTAGE_KINDS = ['planned', 'emergency'] as const;
export type OutageKind = (typeof OUTAGE_KINDS)[number];
