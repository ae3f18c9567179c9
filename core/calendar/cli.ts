import type { Command } from 'commander';
import { CliError } from '../cli/errors.ts';
import { loadCalendarConfig } from './config.ts';
import { DEADLINE_KINDS } from './deadline-rules.ts';
import { appealDeadline, isDeadlineKind, resolveDeadlineGroup } from './deadlines.ts';
import { CalendarError } from './errors.ts';
import { formatLocal, isValidZone, parseInstant } from './local-date.ts';
import { nextAllowedOutboundInstant } from './outbound-window.ts';
import { productionCalendar } from './production-calendar.ts';
import { localDateSchema } from './schemas.ts';

/** `hotline calendar …`: the working-time answers at the terminal (no database needed). */
export function registerCalendarCommands(program: Command): void {
  const calendar = program
    .command('calendar')
    .description('working days, appeal deadlines, outbound hours')
    // Usage mistakes (missing option, unknown option) are bad arguments too: exit 2 with the
    // message printed once by the CLI frame. Sub-commands inherit these settings.
    .configureOutput({ outputError: () => {} })
    .exitOverride((error) => {
      if (error.exitCode === 0) throw error;
      throw new CliError(error.message.replace(/^error: /, ''));
    });

  calendar
    .command('deadline')
    .description('appeal deadline (R-APL-3), printed with the local offset')
    .requiredOption(
      '--channel <channel-or-group>',
      'channel id (email, phone…) or deadline group (interactive…)',
    )
    .requiredOption('--kind <kind>', DEADLINE_KINDS.join('|'))
    .requiredOption('--registered <iso>', 'registration instant (ISO; without offset = local time)')
    .action((options: { channel: string; kind: string; registered: string }) =>
      userFacing(() => {
        const { timeZone } = loadCalendarConfig();
        if (!isDeadlineKind(options.kind)) {
          throw new CliError(`--kind must be one of ${DEADLINE_KINDS.join(', ')}, got "${options.kind}"`);
        }
        resolveDeadlineGroup(options.channel);
        const registeredAt = parseInstant(options.registered, timeZone);
        const deadline = appealDeadline({
          channel: options.channel,
          kind: options.kind,
          registeredAt,
          timeZone,
        });
        console.log(formatLocal(deadline, timeZone));
      }),
    );

  calendar
    .command('next-outbound')
    .description('next instant a call or SMS is allowed (10:00–20:00 local, not on holidays)')
    .requiredOption('--at <iso>', 'the instant to start from (ISO)')
    .option('--tz <zone>', "the client's IANA time zone (default HOTLINE_TZ)")
    .action((options: { at: string; tz?: string }) =>
      userFacing(() => {
        const zone = options.tz ?? loadCalendarConfig().timeZone;
        if (!isValidZone(zone))
          throw new CliError(`--tz must be an IANA time zone (e.g. Asia/Krasnoyarsk), got "${zone}"`);
        const next = nextAllowedOutboundInstant(parseInstant(options.at, zone), zone);
        console.log(formatLocal(next, zone));
      }),
    );

  calendar
    .command('is-working-day <date>')
    .description('true or false for a date YYYY-MM-DD in the production calendar')
    .action((date: string) =>
      userFacing(() => {
        const parsed = localDateSchema.safeParse(date);
        if (!parsed.success) throw new CliError(`"${date}" is not a date YYYY-MM-DD`);
        console.log(String(productionCalendar().isWorkingDay(parsed.data)));
      }),
    );
}

/** Calendar errors are the user's bad input here: turn them into CliError (exit 2). */
function userFacing(work: () => void): void {
  try {
    work();
  } catch (error) {
    if (error instanceof CalendarError) throw new CliError(error.message);
    throw error;
  }
}
