import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectFields, isReallyVisible, planFill } from '../../../src/autofill';
import { MIN_DIGIT_BOX, MIN_FIELD } from '../../../src/autofill/collect-fields';
import { startAgent } from '../../../src/content';

/**
 * Only fields a person can see (issue 10): big enough, in the viewport (or once scrolled into it),
 * and the field itself at its centre. happy-dom has no layout, so each test lays the page out by
 * hand: boxes in page coordinates, a scroll position, and a hit test that answers the last box
 * placed under a point (paint order), or <body>.
 */
const VIEWPORT = { width: 1024, height: 768 };
let boxes: Map<Element, { x: number; y: number; w: number; h: number }>;
let scroll: { x: number; y: number };

function place<E extends Element>(el: E, x: number, y: number, w: number, h: number): E {
  boxes.delete(el);
  boxes.set(el, { x, y, w, h });
  el.getBoundingClientRect = () => new DOMRect(x - scroll.x, y - scroll.y, w, h);
  return el;
}

/** The person scrolls the document: happy-dom fires nothing by itself, so the event is sent as a browser would. */
function scrollTo(x: number, y: number) {
  scroll = { x, y };
  document.dispatchEvent(new Event('scroll', { bubbles: true }));
}

beforeEach(() => {
  document.body.innerHTML = '';
  boxes = new Map();
  scroll = { x: 0, y: 0 };
  window.innerWidth = VIEWPORT.width;
  window.innerHeight = VIEWPORT.height;
  vi.spyOn(document, 'elementFromPoint').mockImplementation((cx: number, cy: number) => {
    if (cx < 0 || cy < 0 || cx >= window.innerWidth || cy >= window.innerHeight) return null;
    const px = cx + scroll.x;
    const py = cy + scroll.y;
    const hits = [...boxes].filter(([el, b]) => el.isConnected && px >= b.x && px < b.x + b.w && py >= b.y && py < b.y + b.h);
    return hits.length > 0 ? hits[hits.length - 1]![0] : document.body;
  });
});
afterEach(() => vi.restoreAllMocks());

/** One code field, laid out at (x, y) with the given size. */
function codeField(x: number, y: number, w: number, h: number): HTMLInputElement {
  document.body.innerHTML = '<form><label for="c">Code from Google Authenticator</label><input id="c" name="code"></form>';
  return place(document.querySelector('input')!, x, y, w, h);
}

describe('isReallyVisible: size', () => {
  it('documents its minimums: 20×14 for a code field, 14×14 for a box per digit', () => {
    expect(MIN_FIELD).toEqual({ width: 20, height: 14 });
    expect(MIN_DIGIT_BOX).toEqual({ width: 14, height: 14 });
  });

  it.each([
    ['4×4', false, 4, 4],
    ['19×13', false, 19, 13],
    ['19×14', false, 19, 14],
    ['20×13', false, 20, 13],
    ['20×14', true, 20, 14],
    ['240×36', true, 240, 36],
  ])('a %s code field → visible: %s', (_name, visible, w, h) => {
    expect(isReallyVisible(codeField(100, 100, w, h))).toBe(visible);
  });

  it('a 4×4 code field is not planned, a 20×14 one is', () => {
    codeField(100, 100, 4, 4);
    expect(planFill(collectFields(document, isReallyVisible).fields)).toEqual({ kind: 'none' });
    codeField(100, 100, 20, 14);
    expect(planFill(collectFields(document, isReallyVisible).fields)).toEqual({ kind: 'single', index: 0 });
  });

  it('boxes of a split field may be 14×14, not smaller; a field that is not a digit box may not', () => {
    const split = (w: number, h: number) => {
      document.body.innerHTML = `<div class="otp">${Array.from({ length: 6 }, (_, i) => `<input maxlength="1" inputmode="numeric" aria-label="Digit ${i + 1}">`).join('')}</div>`;
      document.querySelectorAll('input').forEach((el, i) => place(el, 100 + i * (w + 4), 100, w, h));
      return planFill(collectFields(document, isReallyVisible).fields).kind;
    };
    expect(split(14, 14)).toBe('split');
    expect(split(13, 14)).toBe('none');
    expect(split(14, 13)).toBe('none');
    expect(isReallyVisible(codeField(100, 100, 14, 14))).toBe(false);
  });
});

describe('isReallyVisible: in the viewport', () => {
  it.each([
    ['at left: 3000px', 3000, 100],
    ['5000 px below the fold', 100, 5000],
    ['just below the fold', 100, VIEWPORT.height],
    ['above the top (scrolled past)', 100, -60],
    ['left of the viewport', -300, 100],
  ])('a field %s is refused', (_name, x, y) => {
    expect(isReallyVisible(codeField(x, y, 240, 36))).toBe(false);
  });

  it('needs its centre inside and at least the minimum size shown', () => {
    // Centre inside, but only 10 of its 14 px above the bottom edge.
    expect(isReallyVisible(codeField(100, VIEWPORT.height - 10, 240, 14))).toBe(false);
    // Centre just outside the right edge.
    expect(isReallyVisible(codeField(VIEWPORT.width - 100, 100, 240, 36))).toBe(false);
    // A wide field cut by the right edge, its centre and most of it inside.
    expect(isReallyVisible(codeField(VIEWPORT.width - 200, 100, 300, 36))).toBe(true);
  });

  it('a field 5000 px below the fold counts once scrolled into view', () => {
    const input = codeField(100, 5000, 240, 36);
    expect(isReallyVisible(input)).toBe(false);
    scrollTo(0, 4800);
    expect(isReallyVisible(input)).toBe(true);
  });
});

describe('isReallyVisible: the hit test and the other rules', () => {
  it('refuses a field covered at its centre by another element', () => {
    const input = codeField(100, 100, 240, 36);
    expect(isReallyVisible(input)).toBe(true);
    const cover = document.createElement('div');
    document.body.append(cover);
    place(cover, 0, 0, VIEWPORT.width, VIEWPORT.height);
    expect(isReallyVisible(input)).toBe(false);
    // Covering only its edge does not hide it.
    place(cover, 100, 100, 20, 36);
    expect(isReallyVisible(input)).toBe(true);
  });

  it('accepts its own label over it (a floating label), not another label', () => {
    const input = codeField(100, 100, 240, 36);
    place(document.querySelector('label')!, 110, 100, 200, 36);
    expect(isReallyVisible(input)).toBe(true);
    const other = document.createElement('label');
    other.textContent = 'Amount';
    document.body.append(other);
    place(other, 110, 100, 200, 36);
    expect(isReallyVisible(input)).toBe(false);
  });

  it('refuses when nothing answers the hit test', () => {
    const input = codeField(100, 100, 240, 36);
    vi.mocked(document.elementFromPoint).mockReturnValue(null);
    expect(isReallyVisible(input)).toBe(false);
  });

  it('keeps the other rules: transparency up the tree, hidden, detached', () => {
    const input = codeField(100, 100, 240, 36);
    document.body.style.opacity = '0.4';
    expect(isReallyVisible(input)).toBe(false);
    document.body.style.opacity = '';
    input.style.visibility = 'hidden';
    expect(isReallyVisible(input)).toBe(false);
    input.style.visibility = '';
    expect(isReallyVisible(input)).toBe(true);
    input.remove();
    expect(isReallyVisible(input)).toBe(false);
  });
});

describe('the agent with the real visibility check', () => {
  let sent: string[];
  const agent = (timeoutMs: number) => {
    sent = [];
    // `isVisible` is left out: the agent's own default, isReallyVisible, decides.
    return startAgent({
      win: window as never,
      sites: async () => [location.origin],
      call: (async (type: string) => {
        sent.push(type);
        return { ok: true, value: { code: '123456', secondsLeft: 20, submit: false } };
      }) as never,
      random: () => crypto.getRandomValues(new Uint8Array(16)),
      fieldTimeoutMs: timeoutMs,
    });
  };
  const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

  it('waits for a field 5000 px below the fold and fills it once the person scrolls to it, then stops listening', async () => {
    const input = codeField(100, 5000, 240, 36);
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    const filled = agent(3000).fill('signin');
    await wait(150);
    expect(input.value).toBe('');
    expect(sent).toEqual([]);
    scrollTo(0, 2000); // still below the fold
    await wait(100);
    expect(input.value).toBe('');
    scrollTo(0, 4800);
    expect(await filled).toBe(true);
    expect(input.value).toBe('123456');
    expect(sent).toEqual(['autofill/code']);
    const listeners = (spy: typeof added) => spy.mock.calls.filter(([type]) => type === 'scroll' || type === 'resize').map(([type, fn, opts]) => [type, fn, opts]);
    expect(listeners(added)).toHaveLength(2);
    expect(listeners(added).every(([, , opts]) => (opts as AddEventListenerOptions).passive === true)).toBe(true);
    expect(listeners(removed)).toEqual(listeners(added));
  });

  it('also re-checks when a scroller inside the page scrolls (scroll does not bubble: the listener captures)', async () => {
    const input = codeField(100, 900, 240, 36);
    const filled = agent(3000).fill('signin');
    await wait(100);
    scroll = { x: 0, y: 300 }; // moved with no event at the document
    input.closest('form')!.dispatchEvent(new Event('scroll'));
    expect(await filled).toBe(true);
    expect(input.value).toBe('123456');
  });

  it('also re-checks when the window grows', async () => {
    const input = codeField(100, 900, 240, 36);
    const filled = agent(3000).fill('signin');
    await wait(100);
    expect(input.value).toBe('');
    window.innerHeight = 1000;
    window.dispatchEvent(new Event('resize'));
    expect(await filled).toBe(true);
    expect(input.value).toBe('123456');
  });

  it('never fills a field at left: 3000px, nor asks the worker for a code', async () => {
    const input = codeField(3000, 100, 240, 36);
    expect(await agent(300).fill('signin')).toBe(false);
    expect(input.value).toBe('');
    expect(sent).toEqual([]);
  });

  it('never fills a covered field, scrolled to or not', async () => {
    const input = codeField(100, 100, 240, 36);
    const cover = document.createElement('div');
    document.body.append(cover);
    place(cover, 0, 0, 2000, 2000);
    const filled = agent(400).fill('signin');
    scrollTo(0, 10);
    expect(await filled).toBe(false);
    expect(input.value).toBe('');
    expect(sent).toEqual([]);
  });
});
