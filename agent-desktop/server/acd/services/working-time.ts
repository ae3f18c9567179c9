import type { WorkingTime } from '../../../../core/calendar/index.ts';

/**
 * What the ACD needs to know about working time. Injected, so tests pass a fixed schedule and
 * production passes the real ЕКЦ calendar (`acdWorkingTime(createWorkingTime(...))`).
 */
export interface AcdWorkingTime {
  /** Is the ЕКЦ open at this instant (break rule, chat first answer)? */
  isWorkingTime(at: Date): boolean;
  /** The next instant the ЕКЦ opens, at or after `at`. */
  nextWorkingTime(at: Date): Date;
  /** R-ACD-5: when a chat appeal that arrived at `at` must be answered (1 working day). */
  chatAppealDeadline(channel: string, at: Date): Date;
}

export function acdWorkingTime(workingTime: WorkingTime): AcdWorkingTime {
  return {
    isWorkingTime: (at) => workingTime.isEkcWorkingTime(at),
    nextWorkingTime: (at) => (workingTime.isEkcWorkingTime(at) ? at : workingTime.nextEkcOpening(at)),
    chatAppealDeadline: (channel, at) => workingTime.appealDeadline(channel, 'answer', at),
  };
}

/** R-ACD-5: the operator's first chat answer is due 15 minutes of ЕКЦ time after arrival. */
export const CHAT_FIRST_ANSWER_MS = 15 * 60_000;

export interface ChatDeadlines {
  firstAnswerDue: number;
  appealDue: number;
}

/**
 * A chat arriving while the ЕКЦ is closed is watched from the opening (the bot has told the
 * client the schedule); 15 minutes are counted from whichever is later.
 */
export function chatDeadlines(
  workingTime: AcdWorkingTime,
  channel: string,
  arrivedAt: number,
): ChatDeadlines {
  const from = workingTime.nextWorkingTime(new Date(arrivedAt)).getTime();
  return {
    firstAnswerDue: from + CHAT_FIRST_ANSWER_MS,
    appealDue: workingTime.chatAppealDeadline(channel, new Date(arrivedAt)).getTime(),
  };
}
