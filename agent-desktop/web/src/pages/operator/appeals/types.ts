/** An appeal as the records API returns it (agent-desktop/server/records/services/appeal-view.ts). */
export interface AppealView {
  id: number;
  regNumber: string;
  channel: string;
  channelLabel: string;
  kind: string;
  kindLabel: string;
  topics: string[];
  topicLabels: string[];
  description: string;
  state: string;
  stateLabel: string;
  registeredAt: string;
  registeredText: string;
  deadlineAt: string;
  deadlineText: string;
  dueAt: string;
  dueText: string;
  interimDueAt: string | null;
  interimDueText: string | null;
  dueStatus: 'overdue' | 'near_due' | 'on_time' | 'done';
  replyChannel: string;
  replyChannelLabel: string;
  replyAddress: string | null;
  interimAnswer: string | null;
  fullAnswerDueAt: string | null;
  answer: string | null;
  answeredAt: string | null;
  noActionReason: string | null;
  noActionNote: string | null;
  accountId: number | null;
  assignedTo: number | null;
  deliveries: DeliveryView[];
}

/** One message the appeal owes the client (server: records/services/delivery-view.ts). */
export interface DeliveryView {
  id: number;
  purpose: 'registration' | 'interim' | 'answer';
  purposeLabel: string;
  channel: string;
  channelLabel: string;
  address: string | null;
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'call_back' | 'manual';
  statusLabel: string;
  tone: 'ok' | 'warn' | 'bad';
  hint: string;
  attempts: number;
  sentAt: string | null;
  canRetry: boolean;
  canMarkDone: boolean;
}

export interface DeadlinePreview {
  deadlineAt: string;
  deadlineText: string;
  interimDueAt: string | null;
  interimDueText: string | null;
  rule: string;
  source: string;
}
