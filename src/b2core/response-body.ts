import * as v from 'valibot';
import { badResponseError } from './errors';
import { fail, ok, type ApiResult } from './result';

/**
 * Reads the body of a successful answer: JSON, then the schema of that answer. A failure names the
 * path and what the schema expected there — never the value found, which may be a key or a token.
 */
export function readBody<T>(status: number, text: string, schema: v.GenericSchema<unknown, T>): ApiResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(badResponseError(status, '$', 'not JSON'));
  }
  const parsed = v.safeParse(schema, json);
  if (parsed.success) return ok(parsed.output);
  const [path, expected] = describeIssue(parsed.issues[0]);
  return fail(badResponseError(status, path, expected === null ? 'unexpected value' : `expected ${expected}`));
}

/**
 * The full dot path of an issue and what was expected there. A union's issue sits where the union
 * is; the issues of its options continue the path from there.
 */
export function describeIssue(issue: v.BaseIssue<unknown>): [path: string, expected: string | null] {
  const parts: string[] = [];
  let current: v.BaseIssue<unknown> | undefined = issue;
  let expected: string | null = null;
  while (current) {
    const here = v.getDotPath(current);
    if (here) parts.push(here);
    expected = current.expected;
    current = current.issues?.[0];
  }
  return [parts.length === 0 ? '$' : parts.join('.'), expected];
}
