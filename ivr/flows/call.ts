import type { TopicId } from '../../core/vocabulary/index.ts';
import { databaseUnavailable } from '../db/unavailable.ts';
import { Answer } from '../verbs/answer.ts';
import { Hangup } from '../verbs/hangup.ts';
import { Record as RecordCall } from '../verbs/record.ts';
import type { Dialog } from './dialog.ts';
import { askMainMenu } from './menu-input.ts';
import { operatorFlow, resumeInQueue } from './operator.ts';
import { resumeTalk } from './resume-talk.ts';
import { balanceFlow, type FlowEnd, outagesFlow, readingFlow, referenceFlow } from './self-service.ts';
import { spokenYesNoKey } from './spoken-answers.ts';

const REFERENCE_TOPICS: Record<string, TopicId> = {
  '1': 'payment_methods',
  '2': 'tariffs',
  '3': 'offices',
  '4': 'online_account',
};

/**
 * A new call: answer, start the whole-call recording, the recording notice first (R-IVR-2), the
 * standard's greeting, then the main menu. Accounts linked to the caller's number are only a hint
 * for identification (R-IVR-5).
 */
export async function callFlow(dialog: Dialog): Promise<void> {
  await new Answer().exec(dialog.context);
  const recording = await new RecordCall().exec(dialog.context);
  dialog.session.step('recording_started', { name: recording });
  await dialog.say('recordingNotice');
  await dialog.say('greeting');
  if (dialog.session.callerNumber) {
    const linked = await dialog.deps.selfService
      .accountsForPhone(dialog.session.callerNumber)
      .catch(() => []);
    dialog.linkedAccounts = linked.map((account) => account.accountNumber);
    if (linked.length) dialog.session.step('phone_linked', { accounts: linked.length });
  }
  await mainMenu(dialog);
}

/**
 * After a restart of the IVR the caller is still there: a caller talking to an operator goes on
 * (or, the operator gone, rates the call); else apologise: a caller who was waiting for an
 * operator keeps waiting at the same place, anyone else goes back to the menu.
 */
export async function resumedFlow(dialog: Dialog): Promise<void> {
  if (await resumeTalk(dialog)) return;
  await dialog.say('resumed');
  const queued = await resumeInQueue(dialog);
  if (queued === 'done') return farewell(dialog);
  await mainMenu(dialog);
}

async function topicFlow(dialog: Dialog, choice: string, spokenTopic?: TopicId): Promise<FlowEnd> {
  switch (choice) {
    case '1':
      dialog.topic = 'balance';
      return balanceFlow(dialog);
    case '2':
      dialog.topic = 'meter_reading';
      return readingFlow(dialog);
    case '3':
      dialog.topic = 'outage';
      return outagesFlow(dialog);
    case '4': {
      if (spokenTopic) {
        // Said aloud ("какие тарифы"): answered directly, no sub-menu.
        dialog.topic = spokenTopic;
        return referenceFlow(dialog, spokenTopic);
      }
      const sub = await dialog.ask(['referenceMenu'], {
        numDigits: 1,
        timeoutMs: dialog.settings.menuTimeoutMs, // a menu like the main one
        valid: (d) => d in REFERENCE_TOPICS || d === '*',
        what: 'reference_menu',
      });
      if (!sub) return 'operator';
      if (sub === '*') return 'served';
      const topic = REFERENCE_TOPICS[sub]!;
      dialog.topic = topic;
      return referenceFlow(dialog, topic);
    }
    default:
      dialog.topic = spokenTopic ?? dialog.topic ?? 'operator';
      return 'operator';
  }
}

/** The main menu by DTMF; every answer ends with "Есть ли у Вас другие вопросы?". */
export async function mainMenu(dialog: Dialog): Promise<void> {
  const { session } = dialog;
  for (;;) {
    const answer = await askMainMenu(dialog);
    if (answer === 'ended') return;
    if (!answer) {
      session.step('menu_exhausted');
      await dialog.say('tooManyAttempts');
      if ((await operatorFlow(dialog)) === 'menu') continue;
      return farewell(dialog);
    }
    session.step('menu', { choice: answer.key });
    const end = await topicFlow(dialog, answer.key, answer.topic).catch((error) =>
      dataUnavailable(dialog, error),
    );
    if (dialog.topic) {
      await dialog.deps.interactions.update(session.interactionId, { topics: [dialog.topic] });
    }
    if (end === 'operator') {
      if ((await operatorFlow(dialog)) === 'menu') continue;
      return farewell(dialog);
    }
    const more = await dialog.ask(['anythingElse'], {
      numDigits: 1,
      valid: (d) => d === '1' || d === '2',
      spoken: spokenYesNoKey,
      what: 'anything_else',
    });
    if (more === '1') continue;
    return farewell(dialog);
  }
}

/**
 * Billing or the reference answers could not be reached (PostgreSQL or the billing down): the
 * caller hears that the information is temporarily unavailable and is offered an operator — the
 * ACD lives in Redis, so the queue still works. Any other error ends the call as before.
 */
async function dataUnavailable(dialog: Dialog, error: unknown): Promise<FlowEnd> {
  if (!databaseUnavailable(error)) throw error;
  dialog.session.step('data_unavailable', { topic: dialog.topic ?? null });
  const choice = await dialog.ask(['dataUnavailable'], {
    numDigits: 1,
    valid: (d) => d === '1' || d === '2',
    spoken: spokenYesNoKey,
    what: 'data_unavailable',
  });
  return choice === '2' ? 'served' : 'operator';
}

/** Thanks and goodbye (standard 2.3), then the robot hangs up — unless someone already did. */
async function farewell(dialog: Dialog): Promise<void> {
  if (dialog.session.hungUp) return;
  await dialog.say('thanks');
  await dialog.say('goodbye');
  await new Hangup().exec(dialog.context);
}
