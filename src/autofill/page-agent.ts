import { CHANNEL_PREFIX, HELLO_FROM_EXTENSION, HELLO_FROM_PAGE, READY } from '../capture/bridge';
import type { createMessenger } from '../messaging/client';
import { collectFields, isCoveredByPassThrough, isReallyVisible } from './collect-fields';
import { planFill, type FillPlan } from './detect-fields';
import { fillCode } from './fill-code';
import { submitFilledForm } from './submit-form';

/**
 * The content script's work on a page (isolated world, `document_start`), as a function of its
 * adapters. It
 * - completes the handshake with the capture script at once (see capture/bridge.ts), then checks that
 *   this exact origin is registered and that it runs in the top frame or a same-origin frame — if
 *   not, it goes quiet for good and everything received is dropped;
 * - relays capture exchanges to the worker, and fills when the worker's answer says the API wants a
 *   Google code now, or when the worker asks (the popup's "Fill", the keyboard shortcut);
 * - waits (scoped, debounced DOM observation) for a code field that appears after the API answer;
 * - submits the field's own form after a complete fill when the worker's answer says so (auto-submit).
 * It never sees a key: the worker answers a code, and only for a fill it was asked for.
 */
type Reason = 'signin' | 'enable_wizard' | 'disable_wizard' | 'challenge' | 'manual';

/** Times an exchange is sent again when the worker did not answer (it was stopped mid-way). */
const RETRIES = 3;

export interface AgentDeps {
  win: Window & typeof globalThis;
  /** The registered origins (storage.local, which content scripts may read). */
  sites(): Promise<string[]>;
  call: ReturnType<typeof createMessenger>;
  /** 16 random bytes for the channel name. */
  random(): Uint8Array;
  isVisible?: (el: HTMLInputElement) => boolean;
  /** Covered by something that lets clicks through; checked for the planned field(s) only. */
  isCovered?: (el: HTMLInputElement) => boolean;
  /** How long to wait for a code field after a fill is asked for. */
  fieldTimeoutMs?: number;
}

export interface Agent {
  /** Resolves once the registration check is done: true when the agent is active here. */
  ready: Promise<boolean>;
  fill(reason: Reason): Promise<boolean>;
}

/** How long a fill waits for the code field to appear: after an API signal, and after the person's Fill. */
export const FIELD_WAIT_MS = 15_000;
export const MANUAL_WAIT_MS = 2_000;

export function startAgent(deps: AgentDeps): Agent {
  const { win } = deps;
  const doc = win.document;
  const nonce = Array.from(deps.random(), (b) => b.toString(16).padStart(2, '0')).join('');
  const channel = CHANNEL_PREFIX + nonce;
  let active: boolean | null = null;
  const early: { text: string; seenAt: number }[] = [];

  const answerHello = () => {
    doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
    doc.dispatchEvent(new win.CustomEvent(HELLO_FROM_EXTENSION, { detail: nonce }));
  };
  const onExchange = (event: Event) => {
    const detail = (event as CustomEvent).detail;
    // Paired: from now on nobody gets an answer to a hello (a page could otherwise ask for the nonce).
    if (detail === READY) return doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
    if (typeof detail !== 'string' || detail.length > 4096 || active === false) return;
    // Stamped here, in our world, as the answer arrives: the worker may take seconds to wake up,
    // and the server's `Date` is measured against the time the page got the answer.
    const seenAt = win.Date.now();
    if (active === null) early.length < 20 && early.push({ text: detail, seenAt });
    else void relay(detail, seenAt);
  };
  doc.addEventListener(HELLO_FROM_PAGE, answerHello);
  doc.addEventListener(channel, onExchange);
  // The capture script may already be waiting: offer the channel now as well.
  doc.dispatchEvent(new win.CustomEvent(HELLO_FROM_EXTENSION, { detail: nonce }));

  /**
   * A message to the worker, sent again when the worker did not answer: it may have been stopped
   * while handling it, and the browser starts it again for the next message.
   */
  const callAgain: typeof deps.call = async (type, payload) => {
    let reply = await deps.call(type, payload);
    for (let retry = 0; retry < RETRIES && !reply.ok && reply.error.kind === 'internal'; retry++) {
      await new Promise((done) => win.setTimeout(done, 250 * 2 ** retry));
      reply = await deps.call(type, payload);
    }
    return reply;
  };

  async function relay(text: string, seenAt: number) {
    let exchange: unknown;
    try {
      exchange = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof exchange !== 'object' || exchange === null || Array.isArray(exchange)) return;
    (exchange as { seenAt?: number }).seenAt = seenAt;
    // Handling an exchange twice is harmless: a staged key is not staged again, an activated
    // account is no longer pending, a grant is only renewed.
    const reply = await callAgain('capture/exchange', { exchange });
    if (reply.ok && reply.value.fill) await fill(reply.value.fill);
  }

  const ready = (async () => {
    const sites = await deps.sites().catch(() => [] as string[]);
    active = sites.includes(win.location.origin) && sameOriginAsTop(win);
    if (!active) {
      doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
      doc.removeEventListener(channel, onExchange);
      early.length = 0;
      return false;
    }
    for (const { text, seenAt } of early.splice(0)) void relay(text, seenAt);
    return true;
  })();

  const visible = deps.isVisible ?? isReallyVisible;
  const covered = deps.isCovered ?? isCoveredByPassThrough;
  const findPlan = (): { plan: FillPlan; elements: HTMLInputElement[] } => {
    const { fields, elements } = collectFields(doc, visible);
    let plan = planFill(fields);
    // The chosen field(s) once more, against pass-through overlays: a covered one is not visible.
    for (let round = 0; round < 3 && plan.kind !== 'none'; round++) {
      const hidden = (plan.kind === 'single' ? [plan.index] : plan.indices).filter((i) => covered(elements[i]!));
      if (hidden.length === 0) break;
      for (const i of hidden) fields[i] = { ...fields[i]!, visible: false };
      plan = planFill(fields);
    }
    return { plan, elements };
  };

  /** The planned field, now or once it appears (observing the DOM, debounced), or null on timeout. */
  function waitForField(timeoutMs: number): Promise<{ plan: FillPlan; elements: HTMLInputElement[] } | null> {
    const now = findPlan();
    if (now.plan.kind !== 'none') return Promise.resolve(now);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const observer = new win.MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const found = findPlan();
          if (found.plan.kind !== 'none') finish(found);
        }, 50);
      });
      const finish = (result: { plan: FillPlan; elements: HTMLInputElement[] } | null) => {
        observer.disconnect();
        clearTimeout(timer);
        clearTimeout(deadline);
        resolve(result);
      };
      const deadline = setTimeout(() => finish(null), timeoutMs);
      observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'disabled', 'readonly'] });
    });
  }

  async function fill(reason: Reason): Promise<boolean> {
    if (!(await ready)) return false;
    // The API's signal may come before its page shows the field; a person's Fill is pressed
    // looking at the field, so an answer ("no code field") comes quickly.
    const waitMs = reason === 'manual' ? Math.min(MANUAL_WAIT_MS, deps.fieldTimeoutMs ?? MANUAL_WAIT_MS) : (deps.fieldTimeoutMs ?? FIELD_WAIT_MS);
    const target = await waitForField(waitMs);
    if (!target) return false;
    // Asked again if the worker did not answer (a grant it spent before stopping is simply gone).
    const reply = await callAgain('autofill/code', { reason });
    if (!reply.ok || reply.value.code === null) return false;
    // The page may have changed while the worker answered: plan again on the current DOM.
    const current = findPlan();
    if (current.plan.kind === 'none') return false;
    const { code, submit } = reply.value;
    if (!fillCode(current.plan, current.elements, code)) return false;
    // Auto-submit after the page has seen the input events (frameworks update their state on them).
    if (submit) await new Promise((done) => setTimeout(done, 0)).then(() => submitFilledForm(current.plan, current.elements, code));
    return true;
  }

  return { ready, fill };
}

/** The top frame, or a frame of the same origin as the top (a cross-origin parent throws). */
function sameOriginAsTop(win: Window): boolean {
  if (win.top === win) return true;
  try {
    return win.top?.location.origin === win.location.origin;
  } catch {
    return false;
  }
}
