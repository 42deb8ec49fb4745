import type { createMessenger } from '../messaging/client';
import type { FillReason } from '../messaging/fill-reason';
import type { FillTarget } from '../messaging/tab-message';
import { collectFields, isCoveredByPassThrough, isReallyVisible } from './collect-fields';
import { openShadowRoots } from './composed-tree';
import { planFill, type FillPlan } from './detect-fields';
import { fillCode } from './fill-code';
import { submitFilledForm } from './submit-form';

/**
 * The fill side of the content script: finds the code field (collect → plan, visible fields only),
 * asks the worker for a code — telling it how long ago the person last used the tab (a trusted
 * input event: a page cannot make one) — and puts the code in. When the fill policy wants the
 * person's gesture (a challenge, a disable wizard, a sign-in with nobody at the keyboard), it fills
 * on the person's own trusted click or key press on that field. It submits the field's own form
 * after a complete fill when the worker's answer says so (auto-submit). It never sees a key: the
 * worker answers a code, and only for a fill it was asked for.
 */
export interface FillAgentDeps {
  win: Window & typeof globalThis;
  /** The worker, asked again when it did not answer (messaging/call-again.ts). */
  call: ReturnType<typeof createMessenger>;
  /** Resolves true once the page is known to be a registered site's top frame; false: never fill. */
  ready: Promise<boolean>;
  /** How long to keep waiting for the person's gesture on a field the policy keeps for it. */
  gestureTimeoutMs?: number;
  isVisible?: (el: HTMLInputElement) => boolean;
  /** Covered by something that lets clicks through; checked for the planned field(s) only. */
  isCovered?: (el: HTMLInputElement) => boolean;
  /** How long to wait for a code field after a fill is asked for. */
  fieldTimeoutMs?: number;
}

/** How long a fill waits for the code field to appear: after an API signal, and after the person's Fill. */
export const FIELD_WAIT_MS = 15_000;
export const MANUAL_WAIT_MS = 2_000;
/** As long as the worker's grant lives (worker/fill/grants.ts). */
export const GESTURE_WAIT_MS = 2 * 60_000;
/** What a change that may show a code field looks like, to the MutationObservers. */
const WATCH: MutationObserverInit = { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'disabled', 'readonly'] };
/** A click on the field this recent, before the wait began, is the gesture. */
const RECENT_GESTURE_MS = 5_000;
/** How long a right-click names the field for the context menu's "Fill 2FA code". */
export const CONTEXT_TARGET_MS = 60_000;
const TEXT_INPUT = /^(text|tel|number|password)$/;

type Located = { plan: FillPlan; elements: HTMLInputElement[] };

export function startFillAgent(deps: FillAgentDeps): { fill(reason: FillReason, at?: FillTarget): Promise<boolean> } {
  const { win, ready } = deps;
  const doc = win.document;
  type Reason = FillReason;

  // The person's own use of the tab: trusted input only (a page can dispatch events, never trusted ones).
  let lastInputAt: number | null = null;
  /** The person's last click or key press, and where: a click on the field just before the extension was ready still counts. */
  let lastGesture: { target: EventTarget | undefined; at: number } | null = null;
  /** The field the person last right-clicked (a trusted `contextmenu`: a page cannot make one). */
  let contextTarget: { target: EventTarget | undefined; at: number } | null = null;
  const onInput = (event: Event) => {
    if (!event.isTrusted) return;
    lastInputAt = win.performance.now();
    if (event.type === 'contextmenu') contextTarget = { target: event.composedPath()[0], at: lastInputAt };
    else if (event.type !== 'input') lastGesture = { target: event.composedPath()[0], at: lastInputAt };
  };
  for (const type of ['pointerdown', 'keydown', 'input', 'contextmenu']) win.addEventListener(type, onInput, { capture: true, passive: true });
  const inputAgoMs = () => (lastInputAt === null ? undefined : Math.max(0, Math.round(win.performance.now() - lastInputAt)));

  const visible = deps.isVisible ?? isReallyVisible;
  const covered = deps.isCovered ?? isCoveredByPassThrough;
  const findPlan = (): Located => {
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
   * (debounced) on DOM changes — in the document and in every open shadow root, which a document's
   * observer does not see into (roots attached later are watched from the next check on) — and on
   * `scroll` (any scroller: captured) and `resize`, so a field out of the viewport is filled once the
   * person scrolls to it.
   */
  function waitForField(timeoutMs: number): Promise<{ plan: FillPlan; elements: HTMLInputElement[] } | null> {
    const now = findPlan();
    if (now.plan.kind !== 'none') return Promise.resolve(now);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          watchShadowRoots();
          const found = findPlan();
          if (found.plan.kind !== 'none') finish(found);
        }, 50);
      };
      const observer = new win.MutationObserver(check);
      const watched = new WeakSet<ShadowRoot>();
      const watchShadowRoots = () => {
        for (const root of openShadowRoots(doc)) {
          if (watched.has(root)) continue;
          watched.add(root);
          observer.observe(root, WATCH);
        }
      };
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
      observer.observe(doc.body ?? doc.documentElement, WATCH);
      watchShadowRoots();
    });
  }

  /**
   * The context menu's field: the one the person right-clicked, when it is (part of) the planned code
   * field, or else a visible, uncovered text field of its own (the person says it is the code field).
   * Hidden, covered or stale targets fill nothing.
   */
  const contextField = (): Located | null => {
    const picked = contextTarget;
    if (!picked || win.performance.now() - picked.at > CONTEXT_TARGET_MS) return null;
    const el = picked.target;
    if (!(el instanceof win.HTMLInputElement) || !el.isConnected || el.disabled || el.readOnly || !TEXT_INPUT.test(el.type)) return null;
    const found = findPlan();
    const planned = found.plan.kind === 'single' ? [found.plan.index] : found.plan.kind === 'split' ? found.plan.indices : [];
    if (planned.some((i) => found.elements[i] === el)) return found;
    return visible(el) && !covered(el) ? { plan: { kind: 'single', index: 0 }, elements: [el] } : null;
  };

  async function fill(reason: Reason, at?: FillTarget): Promise<boolean> {
    if (!(await ready)) return false;
    if (at === 'context') {
      if (!contextField()) return false;
      const reply = await deps.call('autofill/code', { reason });
      return reply.ok && reply.value.code !== null ? put(reply.value, contextField) : false;
    }
    // The API's signal may come before its page shows the field; a person's Fill is pressed
    // looking at the field, so an answer ("no code field") comes quickly.
    const waitMs = reason === 'manual' ? Math.min(MANUAL_WAIT_MS, deps.fieldTimeoutMs ?? MANUAL_WAIT_MS) : (deps.fieldTimeoutMs ?? FIELD_WAIT_MS);
    const target = await waitForField(waitMs);
    if (!target) return false;
    const ago = inputAgoMs();
    // Asked again if the worker did not answer (a grant it spent before stopping is simply gone).
    const reply = await deps.call('autofill/code', { reason, ...(ago !== undefined ? { inputAgoMs: ago } : {}) });
    // The policy wants the person (or no account is bound to this request yet, and the person's own
    // click may pick the one that is free): wait for their gesture on the field.
    if (reply.ok && reply.value.code === null && reason !== 'manual' && (reply.value.why === 'needs_gesture' || reply.value.why === 'no_account')) return onGesture(reason);
    return reply.ok && reply.value.code !== null ? put(reply.value) : false;
  }

  /** The code into the field(s) as they are now (the page may have changed while the worker answered). */
  async function put({ code, submit }: { code: string; submit: boolean }, locate: () => Located | null = findPlan): Promise<boolean> {
    const current = locate();
    if (!current || current.plan.kind === 'none') return false;
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
    const release = () => deps.call('autofill/code', { reason, gesture: true }).then((reply) => (reply.ok && reply.value.code !== null ? put(reply.value) : false));
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

  return { fill };
}
