/**
 * What capture remembers between events, per origin: who is signing in and which disable wizard is
 * open. JSON-safe, so the worker keeps it in `storage.session` (the worker may die at any moment).
 */
export interface OriginCapture {
  email?: string;
  clientId?: string;
  disableWizard?: { uuid: string; provider: 'google' | 'sms'; at: number };
}

export interface CaptureState {
  origins: Record<string, OriginCapture>;
}

export const emptyCaptureState = (): CaptureState => ({ origins: {} });
