/**
 * What capture remembers between exchanges, per origin, all of it from the browser's own view of
 * the network: the sign-in sessions seen (the `uuid` of a real `POST signin` and the email in its
 * body — the chain `signin/2fa` and `2fa/google` follow) and the open disable wizard (its `uuid`
 * and the client whose token started it). JSON-safe: the worker keeps it in `storage.session`.
 */
export interface SignInSeen {
  uuid: string;
  email: string;
  at: number;
  /** The sign-in finished (tokens issued): its email labels a key captured next — a label, never an identity. */
  done?: boolean;
}

export interface OriginCapture {
  signIns?: SignInSeen[];
  disableWizard?: { uuid: string; provider: 'google' | 'sms'; sub?: string; at: number };
}

export interface CaptureState {
  origins: Record<string, OriginCapture>;
}

/** Sign-in sessions remembered per origin (the newest ones). */
export const MAX_SIGN_INS = 8;

export const emptyCaptureState = (): CaptureState => ({ origins: {} });
