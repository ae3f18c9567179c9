import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Synthesizer } from '../speech/synthesizer.ts';
import { pcmToWav } from '../speech/wav.ts';
import { allPromptTexts, DIALPLAN_PROMPTS } from './ru.ts';

/** Sound files live under `<soundsDir>/ru/hotline/<hash>.wav`, played as `sound:hotline/<hash>` with lang ru. */
export const PROMPT_LANGUAGE = 'ru';
const FOLDER = 'hotline';

/**
 * Turns text into a sound Asterisk can play. Fixed prompts are generated ahead of time
 * (`buildAll`, run by `hotline ivr prompts`); dynamic phrases (amounts, dates) are synthesized on
 * first use. Files are named by a hash of the text, so a changed prompt text is a new file and a
 * stale audio file is never played.
 */
export class PromptLibrary {
  private readonly known = new Map<string, Promise<string>>();

  constructor(private readonly options: { soundsDir: string; synthesizer: Synthesizer }) {}

  static soundName(text: string): string {
    return `${FOLDER}/${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  }

  /** `sound:hotline/<hash>` for this text, synthesizing it if no file exists yet. */
  media(text: string): Promise<string> {
    let pending = this.known.get(text);
    if (!pending) {
      pending = this.ensure(text);
      this.known.set(text, pending);
      pending.catch(() => this.known.delete(text));
    }
    return pending;
  }

  private async ensure(
    text: string,
    name = PromptLibrary.soundName(text),
    overwrite = false,
  ): Promise<string> {
    const file = join(this.options.soundsDir, PROMPT_LANGUAGE, `${name}.wav`);
    if (overwrite || !existsSync(file)) {
      const pcm = await this.options.synthesizer.synthesize(text);
      await mkdir(join(this.options.soundsDir, PROMPT_LANGUAGE, FOLDER), { recursive: true });
      // Unique per write, not per process: two libraries on one folder (an IVR and its restarted
      // twin in tests, or workers sharing a process) may synthesize the same new text at once.
      const partial = `${file}.${process.pid}.${randomUUID()}.part`;
      await writeFile(partial, pcmToWav(pcm));
      await rename(partial, file); // atomic: Asterisk never plays half a file
    }
    return `sound:${name}`;
  }

  /** Generates every fixed prompt; returns how many files exist afterwards. */
  async buildAll(texts: readonly string[] = allPromptTexts()): Promise<number> {
    for (const text of texts) await this.media(text);
    return texts.length;
  }

  /**
   * Writes the dialplan's prompts under their fixed names (`hotline/<name>.wav`). A named file is
   * not content-addressed, so it is written again on every build to follow a changed text.
   */
  async buildDialplanPrompts(prompts: Readonly<Record<string, string>> = DIALPLAN_PROMPTS): Promise<number> {
    for (const [name, text] of Object.entries(prompts)) await this.ensure(text, `${FOLDER}/${name}`, true);
    return Object.keys(prompts).length;
  }
}
