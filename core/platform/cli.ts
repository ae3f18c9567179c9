import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { CliError } from '../cli/errors.ts';
import { loadConfig } from '../config/load.ts';
import { activeDemoLogins } from '../seed/demo-logins.ts';
import { defaultServices, serviceNames } from './catalog.ts';
import { readHeartbeats } from './heartbeat.ts';
import { type StartedPlatform, startServices } from './runner.ts';

export function registerPlatformCommands(program: Command): void {
  program
    .command('start')
    .description('start platform services in this process (all of them when none is named)')
    .argument('[services...]', `services to start: ${serviceNames().join(', ')}`)
    .action(async (names: string[]) => {
      let wanted = names;
      if (names.length === 0) {
        const defaults = defaultServices(process.env);
        for (const [name, why] of defaults.skipped) console.log(`– ${name} not started: ${why}`);
        wanted = defaults.start;
      }
      const unknown = wanted.filter((name) => !serviceNames().includes(name));
      if (unknown.length > 0) {
        throw new CliError(`unknown service(s): ${unknown.join(', ')}; known: ${serviceNames().join(', ')}`);
      }
      if (wanted.length === 0) throw new CliError('no services are available to start');
      const platform = await startServices(wanted);
      for (const { name, running } of platform.services) {
        const endpoints = Object.entries(running.endpoints ?? {})
          .map(([label, url]) => `${label} ${url}`)
          .join(', ');
        console.log(`✓ ${name}${endpoints ? `  ${endpoints}` : ''}`);
      }
      await printStartHints(platform, wanted);
      console.log('hotline is running; Ctrl+C stops it');
      const stop = (signal: NodeJS.Signals) => {
        platform.context.logger.info({ signal }, 'shutting down');
        void platform.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('status')
    .description("show each service's health (from the instances' heartbeats in Redis)")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
      try {
        await redis.connect().catch((error: Error) => {
          throw new CliError(`Redis is not reachable at REDIS_URL: ${error.message}`);
        });
        const instances = await readHeartbeats(redis, config.REDIS_PREFIX);
        if (options.json) {
          console.log(JSON.stringify({ services: serviceNames(), instances }, null, 2));
        } else {
          for (const name of serviceNames()) {
            const seen = instances.filter((item) => item.service === name);
            if (seen.length === 0) console.log(`${name.padEnd(14)} not running`);
            for (const item of seen) {
              const details = Object.entries(item.details ?? {})
                .map(([key, value]) => `${key}=${value}`)
                .join(' ');
              console.log(`${name.padEnd(14)} ${item.status.padEnd(9)} ${item.instance} ${details}`);
            }
          }
        }
        if (instances.some((item) => item.status === 'down')) process.exitCode = 1;
      } finally {
        redis.disconnect();
      }
    });
}

/** Where a newcomer goes next: the desktop with the demo logins, the web chat, a simulated call. */
async function printStartHints(platform: StartedPlatform, started: string[]): Promise<void> {
  const endpoint = (name: string, label: string) =>
    platform.services.find((service) => service.name === name)?.running.endpoints?.[label];
  const desktop = endpoint('desktop', 'http');
  if (desktop) {
    console.log(`\nDesktop (ЕОО): ${desktop}`);
    const logins = await activeDemoLogins(platform.context.pool()).catch(() => []);
    if (logins.length > 0) {
      console.log('  demo logins (change or disable them before real use):');
      for (const user of logins)
        console.log(`    ${user.login.padEnd(11)} ${user.password.padEnd(16)} ${user.roles.join(', ')}`);
    }
  }
  const webChat = endpoint('chatbot', 'webChat');
  if (webChat) console.log(`Web chat: ${webChat}`);
  if (!started.includes('ivr')) {
    console.log('Calls: no Asterisk configured; try the IVR through the ARI double:');
    // A real demo account, so the example identifies (account number, then flat or house number).
    const { rows } = await platform.context
      .pool()
      .query<{ number: string; second: string }>(
        'select number, coalesce(apartment, house) as second from accounts order by id limit 1',
      )
      .catch(() => ({ rows: [] as Array<{ number: string; second: string }> }));
    const keys = rows[0] ? `1,${rows[0].number}#,${rows[0].second.replace(/\D/g, '')}#` : '4';
    console.log(`  npx hotline simulate call --from +79130000001 --keys "${keys}"`);
  }
  console.log('');
}
