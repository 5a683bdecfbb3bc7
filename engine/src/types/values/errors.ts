/**
 * Errors raised while evaluating one record: a type mismatch the validator could not see, an
 * unparseable CAST, an overflow. The runtime catches `ValueError` per record and counts it as a
 * record error (§5.2 "Unparseable input → record error"); it never reaches the user as a stack.
 */
export type ValueErrorCode = 'TYPE_ERROR' | 'CAST_ERROR' | 'OVERFLOW' | 'ARGUMENT_ERROR';

export class ValueError extends Error {
  constructor(
    readonly code: ValueErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ValueError';
  }
}

export function typeError(message: string): ValueError {
  return new ValueError('TYPE_ERROR', message);
}
