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
  delivery: { status: 'recorded_to_be_sent'; channel: string; address: string | null; note: string } | null;
}

export interface DeadlinePreview {
  deadlineAt: string;
  deadlineText: string;
  interimDueAt: string | null;
  interimDueText: string | null;
  rule: string;
  source: string;
}
