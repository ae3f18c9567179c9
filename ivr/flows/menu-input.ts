import type { TopicId } from '../../core/vocabulary/index.ts';
import { Gather } from '../verbs/gather.ts';
import { respondToAbuse } from './abuse.ts';
import type { Dialog } from './dialog.ts';

/** A topic said aloud → the menu key that serves it; reference topics are answered directly. */
const SPOKEN_TOPIC_KEY: Partial<Record<TopicId, string>> = {
  balance: '1',
  meter_reading: '2',
  outage: '3',
  payment_methods: '4',
  tariffs: '4',
  offices: '4',
  online_account: '4',
  operator: '0',
};

export type MenuChoice = { key: string; topic?: TopicId } | 'ended' | undefined;

/**
 * The main menu question, by DTMF or by voice ("Назовите тему обращения или нажмите…"): speech
 * goes through the NLU; a topic the robot does not serve goes to an operator with that topic.
 * Abusive speech (R-IVR-8): the first time a polite warning, the second time the robot ends the
 * call politely. At most `maxAttempts` unclear answers, then undefined (→ operator).
 */
export async function askMainMenu(dialog: Dialog): Promise<MenuChoice> {
  const { session, deps } = dialog;
  const speech = deps.understand !== undefined;
  let retry: string | undefined;
  for (let attempt = 1; attempt <= dialog.settings.maxAttempts; attempt++) {
    const prompts = retry ? [retry, 'mainMenu'] : ['mainMenu'];
    const answer = await new Gather({
      prompts,
      numDigits: 1,
      speech,
      timeoutMs: dialog.settings.menuTimeoutMs,
    }).exec(dialog.context);
    if (answer.speech !== undefined && deps.understand) {
      const understanding = deps.understand(answer.speech);
      const abuse = await respondToAbuse(dialog, answer.speech, understanding);
      if (abuse === 'ended') return 'ended';
      if (abuse === 'warned') {
        retry = undefined;
        continue;
      }
      const key = SPOKEN_TOPIC_KEY[understanding.topic];
      session.step('menu_speech', { topic: understanding.topic });
      if (key) return { key, topic: understanding.topic };
      if (understanding.topic !== 'other') return { key: '0', topic: understanding.topic };
      retry = 'notUnderstood';
    } else if (answer.reason === 'complete' && '12340'.includes(answer.digits)) {
      return { key: answer.digits };
    } else {
      retry = answer.digits === '' ? 'noInput' : 'notUnderstood';
    }
    session.step('input_rejected', {
      what: 'main_menu',
      attempt,
      kind: retry === 'noInput' ? 'no_input' : 'invalid',
    });
  }
  return undefined;
}
