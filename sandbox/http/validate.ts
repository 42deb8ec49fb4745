import * as v from 'valibot';
import { ApiError } from '../domain/errors';
import { LIMITS } from '../domain/limits';

/** Runs a schema; every issue becomes a `{field, issue}` detail of one 400 `validation_failed`. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown, where: 'body' | 'query' = 'body'): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const details = result.issues.map((issue) => ({
    field: v.getDotPath(issue) ?? where,
    issue: issue.message,
  }));
  const reasons = details.map((d) => `${d.field} ${d.issue}`).join('; ');
  throw new ApiError(400, 'validation_failed', `The request ${where} is invalid: ${reasons}.`, details);
}

/**
 * Reads a JSON body whatever its Content-Type (the seed's curl examples send none), with a size cap.
 * Malformed JSON — three of the seed's own examples — is a 400 that says where it broke.
 */
export async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > LIMITS.maxBodyBytes) throw tooLarge();
  const raw = await request.text();
  if (Buffer.byteLength(raw) > LIMITS.maxBodyBytes) throw tooLarge();
  if (raw.trim() === '') {
    throw new ApiError(400, 'invalid_json', 'The request body is empty; a JSON object is expected.', [{ field: 'body', issue: 'empty' }]);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unreadable';
    throw new ApiError(400, 'invalid_json', `The request body is not valid JSON: ${reason}.`, [{ field: 'body', issue: 'malformed JSON' }]);
  }
}

const tooLarge = () =>
  new ApiError(413, 'payload_too_large', `The request body is larger than ${LIMITS.maxBodyBytes} bytes.`, [{ field: 'body', issue: 'too large' }]);
