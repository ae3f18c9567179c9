import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { PgBilling } from '../core/billing/index.ts';
import { CliError } from '../core/cli/errors.ts';
import { baseConfigSchema, loadConfig } from '../core/config/index.ts';
import { createPool } from '../core/db/index.ts';
import { systemClock } from '../core/lifecycle/clock.ts';
import { PromptLibrary } from './prompts/library.ts';
import { type SimulatedOperator, simulateCall } from './simulator/simulate.ts';
import { pickSynthesizer, type SynthesisEngine } from './speech/pick.ts';
import { serveSynthesis } from './speech/synthesis-server.ts';

function parseEngine(text: string): SynthesisEngine {
  if (text === 'auto' || text === 'espeak' || text === 'grpc') return text;
  throw new CliError(`--engine must be auto, espeak or grpc, got ${text}`);
}

function pickOrFail(engine: SynthesisEngine, address: string) {
  try {
    return pickSynthesizer({ engine, address });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** "1,1901000001#,5#" → ["1", "1901000001#", "5#"]; every group must be DTMF. */
export function parseKeyGroups(text: string): string[] {
  const groups = text.split(',').map((group) => group.trim());
  for (const group of groups) {
    if (!/^[0-9*#]+$/.test(group)) throw new CliError(`--keys: "${group}" is not DTMF (0-9, *, #)`);
  }
  return groups;
}

export function parseOperator(text: string): SimulatedOperator {
  const match = /^(\d{1,18}):(\d{1,6}|never)$/.exec(text);
  if (!match)
    throw new CliError(`--operator must look like <userId>:<answerAfterMs> or <userId>:never, got ${text}`);
  return { userId: match[1]!, answerAfterMs: match[2] === 'never' ? null : Number(match[2]) };
}

interface SimulateCliOptions {
  from: string;
  keys: string;
  say?: string;
  operator: string[];
  speed: string;
  talk: string;
}

export function registerIvrCommands(program: Command): void {
  const simulate = program
    .command('simulate')
    .description('simulated calls and chats for demos and training');
  simulate
    .command('call')
    .description(
      'drive one call through the IVR (against the ARI double) and print what the robot said and did',
    )
    .requiredOption('--from <number>', 'caller number, e.g. +79131234567')
    .option('--keys <groups>', 'DTMF groups sent each time the robot listens, e.g. "1,1901000001#,5#"', '')
    .option('--say <text>', 'what the caller says at the main menu (speech recognition double)')
    .option(
      '--operator <userId:ms>',
      'a ready operator whose phone answers after ms (or "never")',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--speed <n>', 'call time runs n times faster (1 = real time)', '10')
    .option('--talk <seconds>', 'how long the operator talks before hanging up', '5')
    .action(async (options: SimulateCliOptions) => {
      const keys = options.keys ? parseKeyGroups(options.keys) : [];
      const operators = options.operator.map(parseOperator);
      const speed = Number(options.speed);
      const talk = Number(options.talk);
      if (!(speed >= 1 && speed <= 100)) throw new CliError('--speed must be 1…100');
      if (!(talk >= 1 && talk <= 3600)) throw new CliError('--talk must be 1…3600 seconds');
      if (!/^\+?\d{5,15}$/.test(options.from)) throw new CliError('--from must be a phone number');
      const config = loadConfig(baseConfigSchema);
      const pool = createPool(config.DATABASE_URL, { max: 4, applicationName: 'hotline-simulate' });
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
      try {
        await simulateCall({
          from: options.from,
          keys,
          say: options.say?.trim() || undefined,
          operators,
          speed,
          talkMs: talk * 1000,
          pool,
          redis,
          prefix: config.REDIS_PREFIX,
          billing: new PgBilling(pool, systemClock),
          clock: systemClock,
          timeZone: config.HOTLINE_TZ,
          print: (line) => console.log(line),
        });
      } finally {
        redis.disconnect();
        await pool.end();
      }
    });

  program
    .command('ivr-prompts')
    .description('generate the IVR prompt audio files from their text through the speech synthesis service')
    .requiredOption('--sounds-dir <dir>', "Asterisk's sounds directory (files go to <dir>/ru/hotline/)")
    .option('--speech <host:port>', 'hotline.speech.v1 SynthesisService (engine grpc)', '127.0.0.1:50071')
    .option('--engine <engine>', 'auto (espeak-ng when installed, else --speech), espeak or grpc', 'auto')
    .action(async (options: { soundsDir: string; speech: string; engine: string }) => {
      const engine = parseEngine(options.engine);
      const { synthesizer, engine: used } = pickOrFail(engine, options.speech);
      try {
        const library = new PromptLibrary({ soundsDir: options.soundsDir, synthesizer });
        const count = (await library.buildAll()) + (await library.buildDialplanPrompts());
        console.log(`${count} prompts ready in ${options.soundsDir}/ru/hotline (${used})`);
      } catch (error) {
        throw new CliError(`prompt generation failed: ${(error as Error).message}`);
      } finally {
        synthesizer.close?.();
      }
    });

  program
    .command('ivr-speech-serve')
    .description('serve local espeak-ng synthesis as the hotline.speech.v1 SynthesisService (demo voice)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '50071')
    .action(async (options: { host: string; port: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError('--port must be 1…65535');
      const { synthesizer } = pickOrFail('espeak', '');
      const server = await serveSynthesis({ synthesizer, host: options.host, port });
      console.log(`SynthesisService (espeak-ng, ru) on ${server.address}; Ctrl+C stops it`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      await server.close();
    });
}
