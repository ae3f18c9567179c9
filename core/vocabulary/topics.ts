/**
 * The 18 topics of client appeals (shared/spec/topics.md). Ids are stable API: the database,
 * gRPC contracts, NLU, IVR menus, desktop and reports all use exactly these.
 */
export const TOPIC_IDS = [
  'balance',
  'meter_reading',
  'payment_methods',
  'payment_missing',
  'bill',
  'tariffs',
  'outage',
  'restriction',
  'contract',
  'account_change',
  'installment',
  'no_debt_certificate',
  'meter_service',
  'offices',
  'online_account',
  'complaint',
  'operator',
  'other',
] as const;

export type TopicId = (typeof TOPIC_IDS)[number];

/** How far the robot (IVR/chatbot) serves a topic by itself. */
export type Automation = 'full' | 'partial' | 'none';

export interface TopicInfo {
  id: TopicId;
  labelRu: string;
  automation: Automation;
  /** Personal data involved: the client must be identified first (R-IVR-5). */
  needsIdentification: boolean;
}

export const TOPICS: Readonly<Record<TopicId, TopicInfo>> = {
  balance: {
    id: 'balance',
    labelRu: 'Задолженность и начисления',
    automation: 'full',
    needsIdentification: true,
  },
  meter_reading: {
    id: 'meter_reading',
    labelRu: 'Передача показаний',
    automation: 'full',
    needsIdentification: true,
  },
  payment_methods: {
    id: 'payment_methods',
    labelRu: 'Способы оплаты',
    automation: 'full',
    needsIdentification: false,
  },
  payment_missing: {
    id: 'payment_missing',
    labelRu: 'Платёж не отражён',
    automation: 'partial',
    needsIdentification: true,
  },
  bill: { id: 'bill', labelRu: 'Платёжный документ', automation: 'partial', needsIdentification: true },
  tariffs: { id: 'tariffs', labelRu: 'Тарифы и нормативы', automation: 'full', needsIdentification: false },
  outage: {
    id: 'outage',
    labelRu: 'Отключение электроэнергии',
    automation: 'full',
    needsIdentification: false,
  },
  restriction: {
    id: 'restriction',
    labelRu: 'Ограничение за долг',
    automation: 'partial',
    needsIdentification: true,
  },
  contract: {
    id: 'contract',
    labelRu: 'Договор энергоснабжения',
    automation: 'full',
    needsIdentification: false,
  },
  account_change: {
    id: 'account_change',
    labelRu: 'Переоформление лицевого счёта',
    automation: 'full',
    needsIdentification: false,
  },
  installment: { id: 'installment', labelRu: 'Рассрочка', automation: 'none', needsIdentification: true },
  no_debt_certificate: {
    id: 'no_debt_certificate',
    labelRu: 'Справка об отсутствии задолженности',
    automation: 'partial',
    needsIdentification: true,
  },
  meter_service: {
    id: 'meter_service',
    labelRu: 'Прибор учёта',
    automation: 'partial',
    needsIdentification: false,
  },
  offices: { id: 'offices', labelRu: 'Офисы и режим работы', automation: 'full', needsIdentification: false },
  online_account: {
    id: 'online_account',
    labelRu: 'Личный кабинет и приложение',
    automation: 'full',
    needsIdentification: false,
  },
  complaint: { id: 'complaint', labelRu: 'Жалоба', automation: 'none', needsIdentification: false },
  operator: {
    id: 'operator',
    labelRu: 'Соединить с оператором',
    automation: 'none',
    needsIdentification: false,
  },
  other: { id: 'other', labelRu: 'Другое', automation: 'none', needsIdentification: false },
};

export function isTopicId(value: string): value is TopicId {
  return (TOPIC_IDS as readonly string[]).includes(value);
}
