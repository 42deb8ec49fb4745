/**
 * Resolves after the browser has had a chance to paint: the task after the next animation frame. A
 * hidden page gets no frames, so a timer stands in after `fallbackMs` (as @preact/signals does).
 */
export function nextPaint(fallbackMs = 50): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(fallback);
      setTimeout(resolve, 0);
    };
    const fallback = setTimeout(finish, fallbackMs);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(finish);
  });
}
