// What a pasted app secret or client token should look like, checked before it is stored: both are 32
// hexadecimal characters in the app dashboard (App settings > Basic; Advanced > Client token).
import { UsageError } from '../errors.js';

const HEX32 = /^[0-9a-f]{32}$/i;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Throws (exit 2) for control characters (a second line, an escape sequence: never part of a secret, and
 * a terminal would act on them); returns a warning when the value has not the usual shape, else undefined.
 */
export function checkSecretShape(key: 'app-secret' | 'client-token', value: string): string | undefined {
  if (CONTROL.test(value)) {
    const lines = value.split(/\r?\n/).length;
    throw new UsageError(
      `The ${key} read from stdin ${lines > 1 ? `is ${lines} lines` : 'holds a control character'}; it is one line of 32 hexadecimal characters.`,
      `Pipe only the value: printf %s "$SECRET" | fbtok config set ${key} --stdin`,
      'SECRET_MALFORMED',
    );
  }
  if (HEX32.test(value)) return undefined;
  const where = key === 'app-secret' ? 'App settings > Basic > App secret' : 'App settings > Advanced > Client token';
  return `The ${key} is ${value.length} characters${/^[0-9a-f]*$/i.test(value) ? '' : ' and not all hexadecimal'}; Facebook's are 32 hexadecimal characters (${where}). Stored anyway; check it is the right value.`;
}
