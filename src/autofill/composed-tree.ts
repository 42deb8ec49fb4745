/**
 * The page as a person sees it: the document with the content of its open shadow roots in place
 * (the "composed tree", DOM §4.2.2 / Shadow DOM). Client areas built with web components (Lit,
 * Stencil/Ionic, Shoelace, Angular's shadow-DOM encapsulation) put their code fields inside open
 * shadow roots, where `querySelectorAll`, `parentElement`, `elementFromPoint` and a document's
 * MutationObserver do not reach. Closed shadow roots cannot be reached by anyone outside them, an
 * extension included (`element.shadowRoot` is null): their fields are never found.
 */

/** An element's open shadow root, if it has one (null for a closed root: unreachable by design). */
const openRoot = (el: Element): ShadowRoot | null => el.shadowRoot;

/**
 * Calls `visit` for each element under `root` in composed-tree order — a host, then its open shadow
 * root's content, then its light children — until it returns false.
 * A TreeWalker, not `querySelectorAll('*')`: nothing is copied, and the walk can stop early.
 */
function walkComposed(root: Document | Element | ShadowRoot, visit: (el: Element) => boolean | void): boolean {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument!;
  const walker = doc.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
  if (root.nodeType === 1) {
    const own = openRoot(root as Element);
    if (own && walkComposed(own, visit) === false) return false;
  }
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node as Element;
    if (visit(el) === false) return false;
    const shadow = openRoot(el);
    if (shadow && walkComposed(shadow, visit) === false) return false;
  }
  return true;
}

/** The first `limit` inputs in composed-tree order, inside open shadow roots (nested ones too) included. */
export function composedInputs(root: Document | Element | ShadowRoot, limit: number): HTMLInputElement[] {
  const found: HTMLInputElement[] = [];
  if (limit <= 0) return found;
  walkComposed(root, (el) => {
    if (el.localName === 'input') found.push(el as HTMLInputElement);
    return found.length < limit;
  });
  return found;
}

/** Every open shadow root under `root`, nested ones included (what a MutationObserver must also watch). */
export function openShadowRoots(root: Document | ShadowRoot): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  walkComposed(root, (el) => {
    const shadow = openRoot(el);
    if (shadow) roots.push(shadow);
  });
  return roots;
}

/** The parent in the composed tree: the parent element, or the host when the parent is a shadow root. */
export function composedParent(node: Node): Element | null {
  if (node.parentElement) return node.parentElement;
  const parent = node.parentNode;
  return parent && 'host' in parent ? (parent as ShadowRoot).host : null;
}

/** The shadow roots from the node's own tree up to the document (the node's root first). */
export function rootsUpward(node: Node): (Document | ShadowRoot)[] {
  const roots: (Document | ShadowRoot)[] = [];
  for (let root = node.getRootNode(); ; ) {
    if ('host' in root) {
      roots.push(root as ShadowRoot);
      root = (root as ShadowRoot).host.getRootNode();
    } else {
      if (root.nodeType === 9) roots.push(root as Document);
      return roots;
    }
  }
}

/**
 * The element a person would hit at (x, y): the document's hit test stops at a shadow host
 * (retargeting), so it is asked again inside each open root it lands on.
 */
export function composedElementFromPoint(doc: Document, x: number, y: number): Element | null {
  let hit = doc.elementFromPoint(x, y);
  for (let depth = 0; hit && depth < 32; depth++) {
    const shadow = openRoot(hit);
    const inner = shadow?.elementFromPoint(x, y) ?? null;
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return hit;
}

/** Whether `inner` is `outer` or inside it in the composed tree. */
export function composedContains(outer: Element, inner: Node): boolean {
  for (let node: Node | null = inner; node; node = composedParent(node)) if (node === outer) return true;
  return false;
}
