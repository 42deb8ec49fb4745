import { createRelay } from '../bridge/relay';
import { openExtensionEnd } from '../bridge/extension-end';
import { startFillAgent, type FillAgentDeps } from '../autofill/fill-agent';
import { callAgain } from '../messaging/call-again';
import type { createMessenger } from '../messaging/client';
import type { FillReason } from '../messaging/fill-reason';
import type { FillTarget } from '../messaging/tab-message';

/**
 * Our content script on a page (isolated world, `document_start`), as a function of its adapters:
 * the bridge's extension end (src/bridge), the relay of the page's reports to the worker, and the
 * fill agent (src/autofill). It works only in the top frame of an exact registered origin: a frame
 * can be created and tampered with by a page script before we run there. The channel is offered
 * at once — and only in a window no other window opened (its opener could have reached the new
 * realm first). The sequence from API answer to filled field: src/bridge/SEQUENCE.md.
 */
export interface AgentDeps extends Omit<FillAgentDeps, 'ready'> {
  /** The registered origins (storage.local, which content scripts may read). */
  sites(): Promise<string[]>;
  call: ReturnType<typeof createMessenger>;
  /** 16 random bytes for the channel name. */
  random(): Uint8Array;
}

export interface Agent {
  /** Resolves once the registration check is done: true when the agent is active here. */
  ready: Promise<boolean>;
  fill(reason: FillReason, at?: FillTarget): Promise<boolean>;
}

export function startAgent(deps: AgentDeps): Agent {
  const { win } = deps;
  const nonce = Array.from(deps.random(), (b) => b.toString(16).padStart(2, '0')).join('');
  const topFrame = win.top === win;
  const call = callAgain(deps.call, (ms) => new Promise((done) => win.setTimeout(done, ms)));
  // Not in a frame, nor in a window another window opened: a script there may own the realm already.
  const end = openExtensionEnd({ win, nonce, open: topFrame && win.opener === null, onReport: (text) => void relay(text) });
  const ready = deps
    .sites()
    .catch(() => [] as string[])
    .then((sites) => topFrame && sites.includes(win.location.origin));
  const agent = startFillAgent({ ...deps, call, ready });
  const relay = createRelay({ call, nonce, fill: agent.fill });
  void ready.then((active) => end.settle(active));
  return { ready, fill: agent.fill };
}
