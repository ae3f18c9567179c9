import type { Understanding } from '../../core/nlu/index.ts';
import { CallerHungUp } from '../stasis/errors.ts';
import { Hangup } from '../verbs/hangup.ts';
import type { Dialog } from './dialog.ts';

/**
 * R-IVR-8 for anything the caller says, at any question: abusive speech gets one polite warning
 * ('warned': ask again); the second time the robot ends the call politely ('ended') and the
 * interaction is marked abusive. 'clean' = go on with the answer.
 */
export async function respondToAbuse(
  dialog: Dialog,
  text: string,
  understanding?: Understanding,
): Promise<'clean' | 'warned' | 'ended'> {
  const { session, deps } = dialog;
  const verdict = understanding ?? deps.understand?.(text);
  if (!verdict?.abusive) return 'clean';
  dialog.abuseWarnings += 1;
  await deps.interactions.update(session.interactionId, { abusive: true });
  if (dialog.abuseWarnings >= 2) {
    session.step('abusive_end');
    await dialog.say('abusiveEnd');
    await new Hangup().exec(dialog.context);
    return 'ended';
  }
  session.step('abusive_warning');
  await dialog.say('abusiveWarning');
  return 'warned';
}

/** In a question other than the main menu: the call ends here when the robot ended it. */
export async function warnedOrEnded(dialog: Dialog, text: string): Promise<boolean> {
  const outcome = await respondToAbuse(dialog, text);
  if (outcome === 'ended') throw new CallerHungUp();
  return outcome === 'warned';
}
