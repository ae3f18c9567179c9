import type { Command } from 'commander';
import { registerAcdCommands } from '../../agent-desktop/server/acd/cli.ts';
import { registerDialerCommands } from '../../dialer/cli.ts';
import { registerAriDoubleCommands } from '../../ivr/ari-double/cli.ts';
import { registerIvrCommands } from '../../ivr/cli.ts';
import { registerRecordingsCommands } from '../../recordings/cli.ts';
import { registerCalendarCommands } from '../calendar/cli.ts';
import { registerDbCommands } from '../db/cli.ts';
import { registerNluCommands } from '../nlu/cli.ts';
import { registerPlatformCommands } from '../platform/cli.ts';
import { registerSeedCommands } from '../seed/cli.ts';

/** Each capability contributes its own sub-commands; this is the one list of them. */
export function registerCommands(program: Command): void {
  registerDbCommands(program);
  registerNluCommands(program);
  registerAcdCommands(program);
  registerSeedCommands(program);
  registerCalendarCommands(program);
  registerPlatformCommands(program);
  registerRecordingsCommands(program);
  registerAriDoubleCommands(program);
  registerIvrCommands(program);
  registerDialerCommands(program);
}
