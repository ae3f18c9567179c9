import type { Random } from '../model/random.ts';

/**
 * The template language of the training data:
 *   {slot}      a random variant of a named slot (slots.txt) or a generated value (generate.ts)
 *   (a|b|c)     one of the alternatives (an empty alternative is allowed)
 *   [a|b]       optional: present half of the time (then one of the alternatives)
 *   ~           an empty slot variant
 */
export type SlotFiller = (name: string) => string;

export function parseSlots(text: string): Map<string, string[]> {
  const slots = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`slots: no "name:" in line "${line}"`);
    const variants = line
      .slice(colon + 1)
      .split('|')
      .map((v) => v.trim())
      .map((v) => (v === '~' ? '' : v));
    slots.set(line.slice(0, colon).trim(), variants);
  }
  return slots;
}

export function parseTemplates(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Finds the index of the bracket closing the one at `open`, honouring nesting. */
function closingIndex(text: string, open: number): number {
  const opener = text[open]!;
  const closer = opener === '(' ? ')' : opener === '[' ? ']' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opener) depth++;
    else if (text[i] === closer && --depth === 0) return i;
  }
  throw new Error(`unbalanced "${opener}" in template "${text}"`);
}

/** Splits on top-level "|" only. */
function alternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

export function expandTemplate(template: string, random: Random, fill: SlotFiller, depth = 0): string {
  if (depth > 8) throw new Error(`template nesting too deep: "${template}"`);
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '(' || c === '[' || c === '{') {
      const end = closingIndex(template, i);
      const body = template.slice(i + 1, end);
      if (c === '{') out += expandTemplate(fill(body), random, fill, depth + 1);
      else if (c === '[') {
        if (random.chance(0.5))
          out += expandTemplate(random.pick(alternatives(body)), random, fill, depth + 1);
      } else out += expandTemplate(random.pick(alternatives(body)), random, fill, depth + 1);
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}
