/**
 * Setup for every unit test file: in jsdom, wait for one animation frame
 * after the file's tests. Preact's hooks schedule effects on the next frame
 * with a 100 ms timeout as a fallback; a file that ends before that frame
 * leaves the timeout pending, and when it fires after jsdom is gone it calls
 * a `cancelAnimationFrame` that no longer exists (an unhandled error that
 * fails the run). One frame lets every such callback run while jsdom is here.
 */
import { afterAll } from 'vitest';

afterAll(async () => {
  if (typeof requestAnimationFrame !== 'function') return; // Node environment: no frames, nothing pending
  await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
});
