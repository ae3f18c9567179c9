import type { PoolClient } from '../db/pool.ts';
import { type Appeal, findAppeal } from './db.ts';
import { AppealNotFoundError, AppealRuleError, AppealValidationError } from './exceptions.ts';

/** R-APL-7: the earlier appeal must exist, be the same client's, and have been answered. */
export async function checkRepeated(
  tx: PoolClient,
  appeal: Appeal,
  previousAppealId: number | null | undefined,
) {
  if (!previousAppealId) {
    throw new AppealRuleError('R-APL-7: a repeated question needs the earlier appeal (previousAppealId)');
  }
  const previous = await findAppeal(tx, previousAppealId);
  if (!previous || previous.id === appeal.id) throw new AppealNotFoundError(previousAppealId);
  if (appeal.clientId !== null && previous.clientId !== appeal.clientId) {
    throw new AppealRuleError(`R-APL-7: appeal ${previous.regNumber} is another client's`);
  }
  if (previous.answer === null) {
    throw new AppealRuleError(`R-APL-7: appeal ${previous.regNumber} has no answer to point the client to`);
  }
}

/** A reference to a client, account, user or interaction that does not exist is bad input. */
export async function guardForeignKeys<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const pgError = error as { code?: string; constraint?: string };
    if (pgError.code === '23503') {
      throw new AppealValidationError([
        `a referenced record does not exist (${pgError.constraint ?? 'foreign key'})`,
      ]);
    }
    throw error;
  }
}
