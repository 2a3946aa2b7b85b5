// Content bench page (bench/suites/content.ts): times itself from the
// navigation's start, with the browser's own Navigation Timing:
//   dclMs   DOMContentLoaded of the top document (its iframes are still loading)
//   loadMs  the top document's load event, which waits for all 50 iframes
// Result: window.__bench, a promise of {ok, dclMs, loadMs, frames, error?}.
'use strict';

window.__bench = new Promise((resolve) => {
  addEventListener(
    'load',
    () => {
      // loadEventStart is set once the load event is dispatched: read it on the next task.
      setTimeout(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const frames = Array.from(document.querySelectorAll('iframe')).filter(
          (f) => f.contentDocument && f.contentDocument.documentElement.dataset.ready !== undefined,
        ).length;
        resolve({
          ok: frames === 50 && nav !== undefined,
          error: frames === 50 ? undefined : `${frames} of 50 iframes loaded`,
          dclMs: nav ? nav.domContentLoadedEventStart : NaN,
          loadMs: nav ? nav.loadEventStart : NaN,
          frames,
        });
      }, 0);
    },
    { once: true },
  );
});
