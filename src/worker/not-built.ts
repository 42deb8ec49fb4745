/** A handler whose feature is not built yet: a clear refusal, never a silent success. (Temporary.) */
export const notBuilt = async () => ({ ok: false as const, error: { kind: 'unsupported' as const, message: 'This feature is not available yet.' } });
