import { err, ok, type Result } from '../result';
import type { B2CoreError } from './errors';

/** What every client method answers: the value, or a {@link B2CoreError} as data. Nothing is thrown. */
export type ApiResult<T> = Result<T, B2CoreError>;

export { ok };
export const fail = (error: B2CoreError) => err(error);
