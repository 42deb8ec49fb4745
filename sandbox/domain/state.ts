import { createClock, type Clock } from './clock';
import { createFaults, type Faults } from './faults';
import { DEMO_CLIENT } from './limits';
import type {
  Challenge,
  ChangeRecord,
  Client,
  OutboxMessage,
  SignInSession,
  SuccessToken,
  TokenRecord,
  Wizard,
} from './model';
import { createRateLimiter, type RateLimiter } from './rate-limit';

/**
 * Everything the sandbox remembers, in memory. `reset()` returns to the start state: the demo
 * client with no 2FA, clock offset 0, no injected faults (docs/b2core-api.md, sandbox controls).
 */
export interface SandboxState {
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  /** Injected failures and delays (`/__sandbox/faults`). */
  readonly faults: Faults;
  /** Secret for signing the sandbox's JWTs; new at every start. */
  readonly tokenSecret: Uint8Array;
  clients: Map<number, Client>;
  signIns: Map<string, SignInSession>;
  wizards: Map<string, Wizard>;
  challenges: Map<string, Challenge>;
  successTokens: Map<string, SuccessToken>;
  tokens: Map<string, TokenRecord>;
  changes: ChangeRecord[];
  outbox: OutboxMessage[];
  nextClientId: number;
  nextChangeId: number;
  reset(): void;
}

export function createState(clock: Clock = createClock()): SandboxState {
  const state: SandboxState = {
    clock,
    limiter: createRateLimiter(clock),
    faults: createFaults(),
    tokenSecret: crypto.getRandomValues(new Uint8Array(32)),
    clients: new Map(),
    signIns: new Map(),
    wizards: new Map(),
    challenges: new Map(),
    successTokens: new Map(),
    tokens: new Map(),
    changes: [],
    outbox: [],
    nextClientId: 1,
    nextChangeId: 1,
    reset() {
      for (const map of [state.clients, state.signIns, state.wizards, state.challenges, state.successTokens, state.tokens]) {
        map.clear();
      }
      state.changes = [];
      state.outbox = [];
      state.nextClientId = 1;
      state.nextChangeId = 1;
      state.limiter.clear();
      state.faults.clear();
      state.clock.setOffsetSeconds(0);
      addClient(state, { email: DEMO_CLIENT.email, password: DEMO_CLIENT.password });
    },
  };
  state.reset();
  return state;
}

export interface NewClient {
  email: string;
  password: string;
  phone?: string | undefined;
  googleKey?: string | undefined;
  smsEnabled?: boolean | undefined;
}

export function addClient(state: SandboxState, input: NewClient): Client {
  const client: Client = {
    id: state.nextClientId++,
    email: input.email,
    password: input.password,
    phone: input.phone ?? null,
    google: input.googleKey ? { key: input.googleKey, lastStep: null } : null,
    smsEnabled: input.smsEnabled === true,
  };
  state.clients.set(client.id, client);
  return client;
}

export function findClientByEmail(state: SandboxState, email: string): Client | undefined {
  const wanted = email.trim().toLowerCase();
  for (const client of state.clients.values()) if (client.email.toLowerCase() === wanted) return client;
  return undefined;
}
