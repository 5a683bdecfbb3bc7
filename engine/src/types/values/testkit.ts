/**
 * Test support for value-level code: build decimals from their text and tell which value error
 * (by code) a call raised.
 */
import { ValueError } from './errors';
import { Scaled } from './types';

/** The DECIMAL written as `text`, its scale the digits after the point: "-12.50" → 1250 scale 2, negated. */
export function decimal(text: string): Scaled {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = text.replace('-', '').split('.');
  return new Scaled((negative ? -1 : 1) * Number(whole + frac), frac.length);
}

/** The code of the ValueError `f` throws, 'other' for any other error, undefined when it returns. */
export function valueErrorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof ValueError ? e.code : 'other';
  }
  return undefined;
}
