import type { Command } from 'commander';
import { CliError } from '../../core/cli/errors.ts';
import { startAriDouble } from './server.ts';

interface DoubleCliOptions {
  host: string;
  port: string;
  user: string;
  password: string;
  app: string;
  soundsDir?: string;
  spoolDir?: string;
  agent: string[];
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliError(`--port must be 0…65535, got ${text}`);
  return port;
}

/** `hotline ari-double`: a stand-in Asterisk ARI to point the IVR (or ari-client) at. */
export function registerAriDoubleCommands(program: Command): void {
  program
    .command('ari-double')
    .description('run the simulated Asterisk ARI (HTTP + WebSocket) until interrupted')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8088')
    .option('--user <user>', 'ARI user', 'ari')
    .option('--password <password>', 'ARI password', 'ari')
    .option('--app <name>', 'default Stasis application for simulated calls', 'hotline-ivr')
    .option('--sounds-dir <dir>', 'prompt files (<name>.wav or <lang>/<name>.wav)')
    .option('--spool-dir <dir>', 'where recording/<name>.<format> files are written')
    .option(
      '--agent <endpoint:ms>',
      'an operator phone answering after ms (e.g. PJSIP/agent100:2000; ms "never" rings forever)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (options: DoubleCliOptions) => {
      const agents = options.agent.map((agent) => {
        const match = /^(\w+\/[\w.-]+):(\d+|never)$/.exec(agent);
        if (!match)
          throw new CliError(
            `--agent must look like PJSIP/agent100:2000 or PJSIP/agent100:never, got ${agent}`,
          );
        return {
          endpoint: match[1] as string,
          answerAfterMs: match[2] === 'never' ? null : Number(match[2]),
        };
      });
      const double = await startAriDouble({
        host: options.host,
        port: parsePort(options.port),
        username: options.user,
        password: options.password,
        app: options.app,
        soundsDir: options.soundsDir,
        spoolDir: options.spoolDir,
      });
      for (const agent of agents)
        double.defineEndpoint(agent.endpoint, { answerAfterMs: agent.answerAfterMs });
      console.log(`ARI double listening at ${double.url}/ari (spool ${double.spoolDir})`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await double.close();
    });
}
