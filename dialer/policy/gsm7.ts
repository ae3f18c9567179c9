/**
 * The GSM 03.38 default alphabet as SMS gateways count it: a basic-table character is one
 * septet, an extension-table character is two (escape 0x1B + code). Anything else forces the
 * whole message into UCS-2.
 */
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION_TABLE = '\f^{}\\[~]|€';

const BASIC = new Set(BASIC_TABLE);
const EXTENSION = new Set(EXTENSION_TABLE);

/** Septets one character takes in GSM-7, or undefined when it is not in the alphabet. */
export function gsm7Septets(char: string): 1 | 2 | undefined {
  if (BASIC.has(char)) return 1;
  if (EXTENSION.has(char)) return 2;
  return undefined;
}

export function isGsm7Text(text: string): boolean {
  for (const char of text) if (gsm7Septets(char) === undefined) return false;
  return true;
}
