import { CHANNEL_PREFIX, HELLO_FROM_EXTENSION, HELLO_FROM_PAGE, READY } from '../capture/bridge';
import type { createMessenger } from '../messaging/client';
import type { FillReason } from '../messaging/fill-reason';
import { collectFields, isCoveredByPassThrough, isReallyVisible } from './collect-fields';
import { planFill, type FillPlan } from './detect-fields';
import { fillCode } from './fill-code';
import { submitFilledForm } from './submit-form';

/**
 * The content script's work on a page (isolated world, `document_start`), as a function of its
 * adapters. It
 * - works only in the top frame of an exact registered origin: a frame can be created and tampered
 *   with by a page script before we run there. It completes the handshake with the capture script at
 *   once (see capture/bridge.ts) — and only in a window no other window opened (its opener could
 *   have reached the new realm first);
 * - relays the capture script's reports to the worker (which pairs each with the browser's own
 *   record of the request), and, when the worker's answer says the API wants a Google code, waits
 *   for the field and asks for the code — telling the worker how long ago the person last used the
 *   tab (a trusted input event: a page cannot make one);
 * - when the fill policy wants the person's gesture (a challenge, a disable wizard, a sign-in with
 *   nobody at the keyboard), fills on the person's own trusted click or key press on that field;
 * - fills when the worker asks (the popup's "Fill", the keyboard shortcut);
 * - submits the field's own form after a complete fill when the worker's answer says so (auto-submit).
 * It never sees a key: the worker answers a code, and only for a fill it was asked for.
 */
type Reason = FillReason;

/** Times an exchange is sent again when the worker did not answer (it was stopped mid-way). */
const RETRIES = 3;

export interface AgentDeps {
  win: Window & typeof globalThis;
  /** The registered origins (storage.local, which content scripts may read). */
  sites(): Promise<string[]>;
  call: ReturnType<typeof createMessenger>;
  /** 16 random bytes for the channel name. */
  random(): Uint8Array;
  /** How long to keep waiting for the person's gesture on a field the policy keeps for it. */
  gestureTimeoutMs?: number;
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
/** As long as the worker's grant lives (worker/fill/grants.ts). */
export const GESTURE_WAIT_MS = 2 * 60_000;
/** A click on the field this recent, before the wait began, is the gesture. */
const RECENT_GESTURE_MS = 5_000;

export function startAgent(deps: AgentDeps): Agent {
  const { win } = deps;
  const doc = win.document;
  const nonce = Array.from(deps.random(), (b) => b.toString(16).padStart(2, '0')).join('');
  const channel = CHANNEL_PREFIX + nonce;
  let active: boolean | null = null;
  const early: string[] = [];
  let reports = 0;
  const topFrame = win.top === win;
  // Not in a frame, nor in a window another window opened: a script there may own the realm already.
  const captures = topFrame && win.opener === null;

  // The person's own use of the tab: trusted input only (a page can dispatch events, never trusted ones).
  let lastInputAt: number | null = null;
  /** The person's last click or key press, and where: a click on the field just before the extension was ready still counts. */
  let lastGesture: { target: EventTarget | undefined; at: number } | null = null;
  const onInput = (event: Event) => {
    if (!event.isTrusted) return;
    lastInputAt = win.performance.now();
    if (event.type !== 'input') lastGesture = { target: event.composedPath()[0], at: lastInputAt };
  };
  for (const type of ['pointerdown', 'keydown', 'input']) win.addEventListener(type, onInput, { capture: true, passive: true });
  const inputAgoMs = () => (lastInputAt === null ? undefined : Math.max(0, Math.round(win.performance.now() - lastInputAt)));

  const answerHello = () => {
    doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
    doc.dispatchEvent(new win.CustomEvent(HELLO_FROM_EXTENSION, { detail: nonce }));
  };
  const onExchange = (event: Event) => {
    const detail = (event as CustomEvent).detail;
    // Paired: from now on nobody gets an answer to a hello (a page could otherwise ask for the nonce).
    if (detail === READY) return doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
    if (typeof detail !== 'string' || detail.length > 4096 || active === false) return;
    if (active === null) early.length < 20 && early.push(detail);
    else void relay(detail);
  };
  if (captures) {
    doc.addEventListener(HELLO_FROM_PAGE, answerHello);
    doc.addEventListener(channel, onExchange);
    // The capture script may already be waiting: offer the channel now as well.
    doc.dispatchEvent(new win.CustomEvent(HELLO_FROM_EXTENSION, { detail: nonce }));
  }

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

  async function relay(text: string) {
    let exchange: unknown;
    try {
      exchange = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof exchange !== 'object' || exchange === null || Array.isArray(exchange)) return;
    // Named once, here, so that a resend (the worker stopped mid-way) is known as the same report
    // and may take its request's record again; handling it twice is harmless (a staged key is not
    // staged again, an activated account is no longer pending, a grant is only renewed).
    (exchange as { id?: string }).id = `${nonce.slice(0, 8)}-${++reports}`;
    const reply = await callAgain('capture/exchange', { exchange });
    if (reply.ok && reply.value.fill) await fill(reply.value.fill);
  }

  const ready = (async () => {
    const sites = await deps.sites().catch(() => [] as string[]);
    active = topFrame && sites.includes(win.location.origin);
    if (!active) {
      doc.removeEventListener(HELLO_FROM_PAGE, answerHello);
      doc.removeEventListener(channel, onExchange);
      early.length = 0;
      return false;
    }
    for (const text of early.splice(0)) void relay(text);
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

  /**
   * The planned field, now or once it appears or comes into view, or null on timeout: checked again
   * (debounced) on DOM changes, and on `scroll` (any scroller: captured) and `resize`, so a field out
   * of the viewport is filled once the person scrolls to it.
   */
  function waitForField(timeoutMs: number): Promise<{ plan: FillPlan; elements: HTMLInputElement[] } | null> {
    const now = findPlan();
    if (now.plan.kind !== 'none') return Promise.resolve(now);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const found = findPlan();
          if (found.plan.kind !== 'none') finish(found);
        }, 50);
      };
      const observer = new win.MutationObserver(check);
      const listen = { capture: true, passive: true } as const;
      win.addEventListener('scroll', check, listen);
      win.addEventListener('resize', check, listen);
      const finish = (result: { plan: FillPlan; elements: HTMLInputElement[] } | null) => {
        observer.disconnect();
        win.removeEventListener('scroll', check, listen);
        win.removeEventListener('resize', check, listen);
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
    const ago = inputAgoMs();
    // Asked again if the worker did not answer (a grant it spent before stopping is simply gone).
    const reply = await callAgain('autofill/code', { reason, ...(ago !== undefined ? { inputAgoMs: ago } : {}) });
    // The policy wants the person (or no account is bound to this request yet, and the person's own
    // click may pick the one that is free): wait for their gesture on the field.
    if (reply.ok && reply.value.code === null && reason !== 'manual' && (reply.value.why === 'needs_gesture' || reply.value.why === 'no_account')) return onGesture(reason);
    return reply.ok && reply.value.code !== null ? put(reply.value) : false;
  }

  /** The code into the field(s) as they are now (the page may have changed while the worker answered). */
  async function put({ code, submit }: { code: string; submit: boolean }): Promise<boolean> {
    const current = findPlan();
    if (current.plan.kind === 'none') return false;
    if (!fillCode(current.plan, current.elements, code)) return false;
    // Auto-submit after the page has seen the input events (frameworks update their state on them).
    if (submit) await new Promise((done) => setTimeout(done, 0)).then(() => submitFilledForm(current.plan, current.elements, code));
    return true;
  }

  /**
   * The fill policy wants the person: the code goes in when they click or press a key in the code
   * field themselves (trusted events only), while the worker's grant lives. One armed wait at a time.
   */
  let disarm: (() => void) | null = null;
  function onGesture(reason: Reason): Promise<boolean> {
    disarm?.();
    const onField = (target: EventTarget | undefined) => {
      const { plan, elements } = findPlan();
      const fields = plan.kind === 'single' ? [elements[plan.index]] : plan.kind === 'split' ? plan.indices.map((i) => elements[i]) : [];
      return fields.some((f) => f !== undefined && (f === target || (target instanceof win.Node && f.contains(target))));
    };
    const release = () => callAgain('autofill/code', { reason, gesture: true }).then((reply) => (reply.ok && reply.value.code !== null ? put(reply.value) : false));
    // The person clicked the field a moment before the worker's answer came: that was the gesture.
    if (lastGesture && win.performance.now() - lastGesture.at < RECENT_GESTURE_MS && onField(lastGesture.target)) {
      lastGesture = null;
      return release();
    }
    return new Promise((resolve) => {
      const onEvent = (event: Event) => {
        if (!event.isTrusted || !onField(event.composedPath()[0])) return;
        stop();
        void release().then(resolve);
      };
      const stop = () => {
        for (const type of ['pointerdown', 'keydown']) doc.removeEventListener(type, onEvent, true);
        clearTimeout(timer);
        disarm = null;
      };
      const timer = setTimeout(() => {
        stop();
        resolve(false);
      }, deps.gestureTimeoutMs ?? GESTURE_WAIT_MS);
      disarm = () => {
        stop();
        resolve(false);
      };
      for (const type of ['pointerdown', 'keydown']) doc.addEventListener(type, onEvent, true);
    });
  }

  return { ready, fill };
}
